import type { FetchPolicy } from '../../../importers/sdk';
import type { HostileRoute, HostileRoutes } from './serve';

/**
 * The hostile corpus: sources built to break an import (malformed, truncated, empty, oversized, nested, slow,
 * misleading), each with the outcome it must have. Generators, not files: the big cases are 300 MB and the small
 * ones read better next to their expectation. An outcome is a named error (the run fails, nothing applied), a
 * quarantine naming a failing check (held back for a human, nothing applied), or a clean parse with its count.
 */

export type Kind = 'xml' | 'json' | 'jsonld' | 'html';
export type Expected = { error: string } | { quarantine: string } | { clean: number };

export interface HostileCase {
  id: string;
  kind: Kind;
  /** Routes of the source; the kind's main path is where the importer starts (see MAIN_PATH). */
  routes: (origin: string) => HostileRoutes;
  expect: Expected;
  /** Words the outcome's message must hold (a quarantine naming the record and field at fault). */
  messageHas?: string;
  /** Replaces parts of the kind's importer configuration. */
  config?: Record<string, unknown>;
  /** Tightens or relaxes the corpus fetch policy for this case. */
  policy?: Partial<FetchPolicy>;
  /** Large: the bench (`npm run bench -- hostile`) reports its peak RSS and time to fail. */
  big?: boolean;
}

export const MAIN_PATH: Record<Kind, string> = {
  xml: '/feed.xml',
  json: '/v1/boards/acme/jobs?content=true',
  jsonld: '/offres',
  html: '/offres',
};

/** Every good source has this many jobs; the history the checks compare with is three runs of as many. */
export const BASELINE = 5;
const MB = 1024 * 1024;
const ids = (n = BASELINE) => Array.from({ length: n }, (_, i) => i + 1);

/** `head`, `fill` repeated to about `mb` MB in 1 MB chunks, `tail`: produced as the client reads. */
function big(head: string, fill: string, mb: number, tail: string): () => Iterable<string> {
  const block = fill.repeat(Math.max(1, Math.floor(MB / fill.length)));
  return function* () {
    yield head;
    for (let i = 0; i < mb; i++) yield block;
    yield tail;
  };
}

// ---- XML (Indeed/multiposting feed, streamed) ----
const xmlJob = (i: number, title = `Poste ${i}`, extra = '') =>
  `<job><referencenumber>R-${i}</referencenumber><title><![CDATA[${title}]]></title><description><![CDATA[<p>Mission ${i}</p>]]></description>` +
  `<city>Lyon</city><country>FR</country><url>https://emploi.example.fr/j/${i}</url>${extra}</job>`;
const feed = (jobs: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<source><publisher>Acme</publisher>${jobs}</source>\n`;
const XML = { 'content-type': 'application/xml; charset=utf-8' };
const xml = (body: HostileRoute['body'], extra: Partial<HostileRoute> = {}): ((o: string) => HostileRoutes) => () => ({ [MAIN_PATH.xml]: { headers: XML, body, ...extra } });
const goodFeed = feed(ids().map((i) => xmlJob(i)).join(''));

const xmlCases: HostileCase[] = [
  { id: 'xml/clean', kind: 'xml', routes: xml(goodFeed), expect: { clean: 5 } },
  { id: 'xml/truncated-mid-item', kind: 'xml', routes: xml(goodFeed.slice(0, goodFeed.length - 60)), expect: { error: 'TruncatedFeed' } },
  { id: 'xml/truncated-in-comment', kind: 'xml', routes: xml(`<source>${xmlJob(1)}<!-- fin`), expect: { error: 'TruncatedFeed' } },
  { id: 'xml/empty-body', kind: 'xml', routes: xml(''), expect: { error: 'InvalidDocument' } },
  { id: 'xml/root-only', kind: 'xml', routes: xml('<source/>'), expect: { quarantine: 'minimum_count' } },
  { id: 'xml/html-maintenance-page', kind: 'xml', routes: xml('<html><body><h1>Maintenance</h1></body></html>', { headers: { 'content-type': 'text/html' } }), expect: { quarantine: 'minimum_count' } },
  { id: 'xml/not-xml-at-all', kind: 'xml', routes: xml('{"jobs": []}'), expect: { error: 'InvalidDocument' } },
  {
    id: 'xml/billion-laughs',
    kind: 'xml',
    routes: xml(`<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><source><job><title>&c;</title></job></source>`),
    expect: { error: 'InvalidDocument' },
  },
  { id: 'xml/xxe-file', kind: 'xml', routes: xml('<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><source><job><title>&x;</title></job></source>'), expect: { error: 'InvalidDocument' } },
  { id: 'xml/xxe-parameter-entity', kind: 'xml', routes: xml('<!DOCTYPE s [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><source/>'), expect: { error: 'InvalidDocument' } },
  { id: 'xml/undefined-entity', kind: 'xml', routes: xml(feed('<job><title>Caf&eacuteX;</title></job>')), expect: { error: 'InvalidDocument' } },
  // HTML named entities outside CDATA are what real multiposting feeds carry: decoded (and counted), not a failure.
  { id: 'xml/html-entities', kind: 'xml', routes: xml(feed(ids().map((i) => xmlJob(i, `R&eacute;ceptionniste&nbsp;${i}`)).join(''))), expect: { clean: 5 } },
  { id: 'xml/nul-character', kind: 'xml', routes: xml(feed(xmlJob(1, 'A\u0000B'))), expect: { error: 'InvalidDocument' } },
  { id: 'xml/junk-after-root', kind: 'xml', routes: xml(`${goodFeed}<source>${xmlJob(9)}</source>`), expect: { error: 'InvalidDocument' } },
  { id: 'xml/mismatched-tags', kind: 'xml', routes: xml(`<source>${xmlJob(1)}<job><title>x</job></title></source>`), expect: { error: 'InvalidDocument' } },
  { id: 'xml/300mb-title', kind: 'xml', big: true, routes: xml(big('<source><job><referencenumber>R-1</referencenumber><title>', 'x', 300, '</title></job></source>')), expect: { error: 'ItemTooLarge' } },
  { id: 'xml/300mb-cdata-description', kind: 'xml', big: true, routes: xml(big('<source><job><description><![CDATA[', 'd', 300, ']]></description></job></source>')), expect: { error: 'ItemTooLarge' } },
  { id: 'xml/300mb-comment-between-items', kind: 'xml', big: true, routes: xml(big(`<source>${xmlJob(1)}<!--`, 'c', 300, '--></source>')), expect: { error: 'ItemTooLarge' } },
  { id: 'xml/300mb-text-between-items', kind: 'xml', big: true, routes: xml(big(`<source>${xmlJob(1)}`, 't', 300, '</source>')), expect: { error: 'ItemTooLarge' } },
  { id: 'xml/300mb-attribute', kind: 'xml', big: true, routes: xml(big('<source><job id="', 'a', 300, '"/></source>')), expect: { error: 'ItemTooLarge' } },
  { id: 'xml/300mb-before-root', kind: 'xml', big: true, routes: xml(big('<?xml version="1.0"?>', ' ', 300, '<source/>')), expect: { error: 'ItemTooLarge' } },
  { id: 'xml/100k-nested-elements', kind: 'xml', big: true, routes: xml(big('<source>', '<a>', 1, '')), expect: { error: 'ItemTooLarge' } },
  { id: 'xml/many-small-items-past-stream-limit', kind: 'xml', big: true, policy: { maxStreamBytes: 8 * MB }, routes: xml(big('<source>', xmlJob(1), 20, '</source>')), expect: { error: 'BodyTooLarge' } },
  { id: 'xml/trickle-1-byte-per-interval', kind: 'xml', routes: xml(function* () { yield '<source>'; for (let i = 0; i < 10_000; i++) yield ' '; }, { everyMs: 20 }), expect: { error: 'SlowTransfer' } },
  { id: 'xml/headers-never-sent', kind: 'xml', policy: { headersTimeoutMs: 400 }, routes: xml('', { hang: true }), expect: { error: 'FetchTimeout' } },
  { id: 'xml/503-retry-after', kind: 'xml', routes: xml('busy', { status: 503, headers: { 'retry-after': '86400' } }), expect: { error: 'HttpStatus' } },
  { id: 'xml/404', kind: 'xml', routes: xml('gone', { status: 404 }), expect: { error: 'HttpStatus' } },
  { id: 'xml/redirect-loop', kind: 'xml', routes: (o) => ({ [MAIN_PATH.xml]: { status: 302, headers: { location: `${o}/b` } }, '/b': { status: 302, headers: { location: `${o}${MAIN_PATH.xml}` } } }), expect: { error: 'TooManyRedirects' } },
  { id: 'xml/redirect-to-file-url', kind: 'xml', routes: xml('', { status: 302, headers: { location: 'file:///etc/passwd' } }), expect: { error: 'ForbiddenAddress' } },
  { id: 'xml/private-address-refused', kind: 'xml', policy: { allowPrivate: [] }, routes: xml(goodFeed), expect: { error: 'ForbiddenAddress' } },
  { id: 'xml/duplicate-ids', kind: 'xml', routes: xml(feed(ids().map((i) => xmlJob(i > 3 ? 1 : i)).join(''))), expect: { quarantine: 'duplicates' } },
  { id: 'xml/titles-missing', kind: 'xml', routes: xml(feed(ids().map((i) => xmlJob(i, '')).join(''))), expect: { quarantine: 'invalid_ratio' } },
  { id: 'xml/1mb-title-under-item-limit', kind: 'xml', routes: xml(feed(ids().map((i) => xmlJob(i, i === 1 ? 'T'.repeat(MB) : `Poste ${i}`)).join(''))), expect: { quarantine: 'invalid_ratio' } },
  { id: 'xml/one-job-left', kind: 'xml', routes: xml(feed(xmlJob(1))), expect: { quarantine: 'count_drop' } },
  { id: 'xml/latin1-declared', kind: 'xml', routes: xml(Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?><source>${ids().map((i) => xmlJob(i, `Cuisinier ${i} été`)).join('')}</source>`, 'latin1'), { headers: { 'content-type': 'application/xml' } }), expect: { clean: 5 } },
  // Charsets that lie: Latin-1 bytes declared UTF-8 are repaired (decoded as windows-1252); text double-encoded
  // upstream ("RÃ©ceptionniste") cannot be, and the encoding check holds the run back.
  { id: 'xml/latin1-bytes-declared-utf8', kind: 'xml', routes: xml(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><source>${ids().map((i) => xmlJob(i, `Réceptionniste ${i}`)).join('')}</source>`, 'latin1')), expect: { clean: 5 } },
  { id: 'xml/mojibake', kind: 'xml', routes: xml(feed(ids().map((i) => xmlJob(i, `RÃ©ceptionniste ${i}`)).join(''))), expect: { quarantine: 'encoding' } },
  // Mojibake only character references spell: clean bytes, clean markup, "RÃ©" in the stored title (record-level check).
  { id: 'xml/mojibake-in-character-references', kind: 'xml', routes: xml(feed(ids().map((i) => xmlJob(i).replace(`<![CDATA[Poste ${i}]]>`, `R&#195;&#169;ceptionniste ${i}`)).join(''))), expect: { quarantine: 'encoding' }, messageHas: '5 records hold mojibake or U+FFFD in their fields, e.g. "R-1" title: "RÃ©ceptionniste"; "R-2" title' },
  { id: 'xml/bom-and-crlf', kind: 'xml', routes: xml(`\ufeff${goodFeed.replace(/\n/g, '\r\n')}`), expect: { clean: 5 } },
  { id: 'xml/script-in-description', kind: 'xml', routes: xml(feed(ids().map((i) => xmlJob(i, `Poste ${i}`, '<jobtype>CDI</jobtype>').replace(`<p>Mission ${i}</p>`, `<p onclick="x()">Mission ${i}</p><script>alert(1)</script>`)).join(''))), expect: { clean: 5 } },
];

// ---- JSON (Greenhouse board API) ----
const ghJob = (i: number, over: Record<string, unknown> = {}) => ({
  id: i,
  title: `Poste ${i}`,
  absolute_url: `https://boards.example.com/acme/jobs/${i}`,
  updated_at: '2024-03-01T10:00:00-05:00',
  location: { name: 'Paris, France' },
  content: '&lt;p&gt;Mission&lt;/p&gt;',
  departments: [{ name: 'Tech' }],
  ...over,
});
const JSONH = { 'content-type': 'application/json; charset=utf-8' };
const json = (body: HostileRoute['body'], extra: Partial<HostileRoute> = {}): ((o: string) => HostileRoutes) => () => ({ [MAIN_PATH.json]: { headers: JSONH, body, ...extra } });
const board = (jobs: unknown[]) => JSON.stringify({ jobs });
const goodBoard = board(ids().map((i) => ghJob(i)));

const jsonCases: HostileCase[] = [
  { id: 'json/clean', kind: 'json', routes: json(goodBoard), expect: { clean: 5 } },
  { id: 'json/malformed', kind: 'json', routes: json('{"jobs": [ {"id": 1,, }'), expect: { error: 'InvalidDocument' } },
  { id: 'json/truncated', kind: 'json', routes: json(goodBoard.slice(0, -40)), expect: { error: 'InvalidDocument' } },
  { id: 'json/empty-body', kind: 'json', routes: json(''), expect: { error: 'InvalidDocument' } },
  { id: 'json/empty-list', kind: 'json', routes: json(board([])), expect: { quarantine: 'minimum_count' } },
  { id: 'json/schema-changed', kind: 'json', routes: json(JSON.stringify({ data: ids().map((i) => ghJob(i)) })), expect: { error: 'InvalidDocument' } },
  { id: 'json/jobs-not-an-array', kind: 'json', routes: json(JSON.stringify({ jobs: { 1: ghJob(1) } })), expect: { error: 'InvalidDocument' } },
  { id: 'json/null-document', kind: 'json', routes: json('null'), expect: { error: 'InvalidDocument' } },
  { id: 'json/html-error-page-200', kind: 'json', routes: json('<html><body>Service unavailable</body></html>', { headers: { 'content-type': 'text/html' } }), expect: { error: 'InvalidDocument' } },
  { id: 'json/over-body-limit', kind: 'json', big: true, policy: { maxBodyBytes: 2 * MB }, routes: json(big('{"jobs": [', `${JSON.stringify(ghJob(1))},`, 8, `${JSON.stringify(ghJob(2))}]}`)), expect: { error: 'BodyTooLarge' } },
  { id: 'json/100k-nested-arrays', kind: 'json', routes: json(`{"jobs": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`), expect: { error: 'InvalidDocument' } },
  { id: 'json/proto-pollution-keys', kind: 'json', routes: json(`{"jobs": [${ids().map((i) => JSON.stringify(ghJob(i)).replace('{', '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}},')).join(',')}]}`), expect: { clean: 5 } },
  { id: 'json/infinite-number-id', kind: 'json', routes: json(`{"jobs": [${JSON.stringify(ghJob(1)).replace('"id":1', '"id":1e999')}]}`), expect: { error: 'InvalidDocument' } },
  { id: 'json/javascript-apply-urls', kind: 'json', routes: json(board(ids().map((i) => ghJob(i, { absolute_url: 'javascript:alert(document.cookie)' })))), expect: { quarantine: 'invalid_ratio' } },
  { id: 'json/500', kind: 'json', routes: json('oops', { status: 500 }), expect: { error: 'HttpStatus' } },
  { id: 'json/429-retry-after', kind: 'json', routes: json('slow down', { status: 429, headers: { 'retry-after': '30' } }), expect: { error: 'HttpStatus' } },
  { id: 'json/body-stalls', kind: 'json', policy: { bodyTimeoutMs: 400 }, routes: json(function* () { yield '{"jobs": ['; yield* []; }, { everyMs: 5_000 }), expect: { error: 'FetchTimeout' } },
  { id: 'json/duplicate-ids', kind: 'json', routes: json(board(ids().map(() => ghJob(7)))), expect: { quarantine: 'duplicates' } },
  // Greenhouse escapes its content once: "&amp;#65533;" is clean JSON and becomes U+FFFD in the stored description.
  { id: 'json/replacement-character-in-escaped-content', kind: 'json', routes: json(board(ids().map((i) => ghJob(i, { content: `&lt;p&gt;R&amp;#65533;ception ${i}&lt;/p&gt;` })))), expect: { quarantine: 'encoding' }, messageHas: '"1" description: "<p>R\ufffdception 1</p>"' },
  { id: 'json/unicode-control-and-rtl-titles', kind: 'json', routes: json(board(ids().map((i) => ghJob(i, { title: `Poste\u202e ${i}\u0007` })))), expect: { clean: 5 } },
];

// ---- JSON-LD (schema.org JobPosting on a listing page) ----
const posting = (i: number, over: Record<string, unknown> = {}) => ({
  '@context': 'https://schema.org',
  '@type': 'JobPosting',
  identifier: `JL-${i}`,
  title: `Poste ${i}`,
  description: `<p>Mission ${i}</p>`,
  datePosted: '2024-03-01',
  jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Lyon', addressCountry: 'FR' } },
  ...over,
});
const ldPage = (blocks: string[], body = '') =>
  `<html><head>${blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join('')}</head><body><main>${body}</main></body></html>`;
const HTMLH = { 'content-type': 'text/html; charset=utf-8' };
const page = (body: HostileRoute['body'], extra: Partial<HostileRoute> = {}): ((o: string) => HostileRoutes) => () => ({ '/offres': { headers: HTMLH, body, ...extra } });
const goodLd = ldPage(ids().map((i) => JSON.stringify(posting(i))));
const deepDivs = (n: number, inside = '') => `${'<div>'.repeat(n)}x${'</div>'.repeat(n)}${inside}`;

const jsonldCases: HostileCase[] = [
  { id: 'jsonld/clean', kind: 'jsonld', routes: page(goodLd), expect: { clean: 5 } },
  { id: 'jsonld/graph', kind: 'jsonld', routes: page(ldPage([JSON.stringify({ '@context': 'https://schema.org', '@graph': ids().map((i) => posting(i)) })])), expect: { clean: 5 } },
  { id: 'jsonld/no-jsonld', kind: 'jsonld', routes: page('<html><body><h1>Nos offres</h1></body></html>'), expect: { error: 'LayoutChanged' } },
  { id: 'jsonld/not-a-jobposting', kind: 'jsonld', routes: page(ldPage([JSON.stringify({ '@context': 'https://schema.org', '@type': 'Organization', name: 'Acme' })])), expect: { error: 'LayoutChanged' } },
  { id: 'jsonld/unreadable-block', kind: 'jsonld', routes: page(ldPage(['{"@type": "JobPosting", "title": '])), expect: { error: 'InvalidDocument' } },
  { id: 'jsonld/empty-body', kind: 'jsonld', routes: page(''), expect: { error: 'LayoutChanged' } },
  { id: 'jsonld/script-breakout-in-description', kind: 'jsonld', routes: page(ldPage(ids().map((i) => JSON.stringify(posting(i, { description: '</script><script>alert(1)</script>' })).replace(/<\//g, '<\\/')))), expect: { clean: 5 } },
  { id: 'jsonld/20k-nested-divs', kind: 'jsonld', routes: page(ldPage(ids().map((i) => JSON.stringify(posting(i))), deepDivs(20_000))), expect: { error: 'ItemTooLarge' } },
  { id: 'jsonld/100k-nested-json', kind: 'jsonld', routes: page(ldPage([`${'['.repeat(100_000)}${']'.repeat(100_000)}`])), expect: { error: 'LayoutChanged' } },
  { id: 'jsonld/over-body-limit', kind: 'jsonld', big: true, policy: { maxBodyBytes: 2 * MB }, routes: page(big(ldPage([JSON.stringify(posting(1))]), '<p>filler</p>', 6, '</html>')), expect: { error: 'BodyTooLarge' } },
  { id: 'jsonld/titles-missing', kind: 'jsonld', routes: page(ldPage(ids().map((i) => JSON.stringify(posting(i, { title: '' }))))), expect: { quarantine: 'invalid_ratio' } },
  { id: 'jsonld/same-identifier', kind: 'jsonld', routes: page(ldPage(ids().map((i) => JSON.stringify(posting(i, { identifier: 'JL-1' }))))), expect: { quarantine: 'count_drop' } },
  { id: 'jsonld/404', kind: 'jsonld', routes: page('gone', { status: 404 }), expect: { error: 'HttpStatus' } },
  { id: 'jsonld/one-posting-left', kind: 'jsonld', routes: page(ldPage([JSON.stringify(posting(1))])), expect: { quarantine: 'count_drop' } },
];

// ---- HTML (career site scraped with selectors) ----
const li = (i: number, title = `Poste ${i}`) => `<li class="job"><a class="title" href="/offres/${i}-poste">${title}</a><span class="city">Lyon</span></li>`;
const list = (items: string, after = '') => `<html><body><main><ul class="jobs">${items}</ul>${after}</main></body></html>`;
const goodList = list(ids().map((i) => li(i)).join(''));

const htmlCases: HostileCase[] = [
  { id: 'html/clean', kind: 'html', routes: page(goodList), expect: { clean: 5 } },
  { id: 'html/layout-changed', kind: 'html', routes: page('<html><body><div class="offers"><article>Poste</article></div></body></html>'), expect: { error: 'LayoutChanged' } },
  { id: 'html/empty-body', kind: 'html', routes: page(''), expect: { error: 'LayoutChanged' } },
  { id: 'html/20k-nested-divs', kind: 'html', routes: page(list(ids().map((i) => li(i)).join(''), deepDivs(20_000))), expect: { error: 'ItemTooLarge' } },
  { id: 'html/900-nested-divs', kind: 'html', routes: page(list(ids().map((i) => li(i)).join(''), deepDivs(900))), expect: { clean: 5 } },
  { id: 'html/20k-nested-inside-an-item', kind: 'html', routes: page(list(ids().map((i) => li(i, i === 1 ? deepDivs(20_000) : `Poste ${i}`)).join(''))), expect: { error: 'ItemTooLarge' } },
  { id: 'html/over-body-limit', kind: 'html', big: true, policy: { maxBodyBytes: 2 * MB }, routes: page(big('<html><body><ul class="jobs">', li(1), 6, '</ul></body></html>')), expect: { error: 'BodyTooLarge' } },
  { id: 'html/tag-soup', kind: 'html', routes: page(`<html><body><ul class="jobs">${ids().map((i) => `<li class="job"><a class="title" href="/offres/${i}-poste">Poste ${i}<span class="city">Lyon</li>`).join('')}`), expect: { clean: 5 } },
  { id: 'html/pagination-loop-to-self', kind: 'html', config: { nextPage: 'a.next' }, routes: page(list(ids().map((i) => li(i)).join(''), '<a class="next" href="/offres">Suivant</a>')), expect: { clean: 5 } },
  {
    id: 'html/endless-pagination',
    kind: 'html',
    config: { nextPage: 'a.next', maxPages: 3 },
    routes: () => Object.fromEntries(ids(4).map((n) => [n === 1 ? '/offres' : `/offres?page=${n}`, { headers: HTMLH, body: list(li(n), `<a class="next" href="/offres?page=${n + 1}">Suivant</a>`) }])),
    expect: { error: 'PageLimitReached' },
  },
  { id: 'html/script-driven-next-link', kind: 'html', config: { nextPage: 'a.next' }, routes: page(list(ids().map((i) => li(i)).join(''), '<a class="next" href="javascript:goPage(2)">Suivant</a>')), expect: { error: 'LayoutChanged' } },
  { id: 'html/500', kind: 'html', routes: page('oops', { status: 500 }), expect: { error: 'HttpStatus' } },
  { id: 'html/ids-missing', kind: 'html', routes: page(list(ids().map((i) => li(i).replace(`/offres/${i}-poste`, '/offres/sans-numero')).join(''))), expect: { quarantine: 'invalid_ratio' } },
  { id: 'html/mojibake-in-entities', kind: 'html', routes: page(list(ids().map((i) => li(i, `Cuisinier ${i} &Atilde;&copy;t&Atilde;&copy;`)).join(''))), expect: { quarantine: 'encoding' }, messageHas: 'title: "Cuisinier 1 Ã©tÃ©"' },
  { id: 'html/windows-1252-meta', kind: 'html', routes: page(Buffer.from(`<html><head><meta charset="windows-1252"></head><body><ul class="jobs">${ids().map((i) => li(i, `Cuisinier ${i} été`)).join('')}</ul></body></html>`, 'latin1'), { headers: { 'content-type': 'text/html' } }), expect: { clean: 5 } },
  { id: 'html/javascript-href-items', kind: 'html', routes: page(list(ids().map((i) => li(i).replace(`/offres/${i}-poste`, `javascript:open(${i})`)).join(''))), expect: { quarantine: 'invalid_ratio' } },
];

export const CASES: readonly HostileCase[] = [...xmlCases, ...jsonCases, ...jsonldCases, ...htmlCases];
