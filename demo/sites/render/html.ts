import iconv from 'iconv-lite';
import { demoCareers } from '../../../importers/demo-careers';
import type { HtmlConfig } from '../../../importers/sdk';
import { type Reply, type RenderFault, reply } from '../faults';
import type { SiteJob } from '../jobs';
import { COUNTRY_NAMES, escapeHtml as esc, frenchDate, salaryText, slugify } from './format';

/**
 * The html career sites (acme, latin1): a paginated listing with a "next" link and one detail page per job, in
 * the markup the demo-careers importer reads (same classes as its fixtures), so that importer runs on them as is.
 * The place is printed "Montréal (Canada)": demo-careers keeps the city, a generic scraper can read the country.
 */

/** Jobs per list page: 25 jobs make three pages. */
export const HTML_PAGE_SIZE = 10;

export interface HtmlSiteOptions {
  /** Site root, e.g. "/acme": links in pages are absolute paths under it. */
  prefix: string;
  charset: 'utf-8' | 'iso-8859-1';
  /** Host of the external application form. */
  applyHost: string;
}

const detailPath = (o: HtmlSiteOptions, job: SiteJob) => `${o.prefix}/emploi/${job.id}-${slugify(job.title)}.html`;

function page(o: HtmlSiteOptions, title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="${o.charset}">
  <title>${esc(title)}</title>
</head>
<body>
  <header class="site-header"><nav class="site-nav"><a href="${o.prefix}/">Accueil</a> <a href="${o.prefix}/emplois">Offres</a></nav></header>
${main}
  <footer class="site-footer">© 2026 Acme Industries</footer>
</body>
</html>
`;
}

function listItem(o: HtmlSiteOptions, job: SiteJob, f: RenderFault): string {
  const place = `${esc(job.city)} (${COUNTRY_NAMES[job.country]})`;
  if (f.changedLayout) {
    // The redesign: cards, a button as the only link, data attributes instead of classes.
    return `      <div class="job-card" data-ref="${job.id}"><span class="job-card__name">${esc(job.title)}</span>
        <span data-field="place">${place}</span><a class="btn" href="${detailPath(o, job)}">Voir l'offre</a></div>`;
  }
  return [
    '      <article class="offre">',
    `        <h2 class="offre__titre"><a class="offre__lien" href="${detailPath(o, job)}">${esc(job.title)}</a></h2>`,
    f.broken === 'location' ? '' : `        <p class="offre__lieu">${place}</p>`,
    f.broken === 'contract' ? '' : `        <p class="offre__contrat">${job.contract}</p>`,
    '      </article>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** List page `pageNumber` (1-based) of the listed jobs. Past the end: a page without items and no next link. */
export function listPage(o: HtmlSiteOptions, listed: readonly SiteJob[], pageNumber: number, f: RenderFault): string {
  const pages = Math.max(1, Math.ceil(listed.length / HTML_PAGE_SIZE));
  const items = listed.slice((pageNumber - 1) * HTML_PAGE_SIZE, pageNumber * HTML_PAGE_SIZE).map((j) => listItem(o, j, f));
  const next =
    pageNumber < pages
      ? `<a class="${f.changedLayout ? 'pager-next' : 'pagination__suivant'}" href="${o.prefix}/emplois?page=${pageNumber + 1}">Page suivante ›</a>`
      : // The last page shows an inactive "next": a span, not a link (the demo-careers quirk).
        '<span class="pagination__suivant pagination__suivant--inactif">Page suivante ›</span>';
  const empty = listed.length === 0 ? '      <p class="liste-offres__vide">Aucune offre pour le moment.</p>\n' : '';
  const list = f.changedLayout
    ? `    <div class="jobs-grid">\n${items.join('\n')}\n    </div>`
    : `    <section class="liste-offres">\n${empty}${items.join('\n')}\n    </section>`;
  // The site's own count of its offers, as career sites print it above the list ("25 offres").
  const shown = f.shownCount ?? listed.length;
  const main = `  <main class="page-emplois">
    <h1>Nos offres d'emploi</h1>
    <p class="liste-offres__total">${shown} ${shown > 1 ? 'offres' : 'offre'}</p>
${list}
    <nav class="pagination"><span class="pagination__courante">${pageNumber}</span> ${next}</nav>
  </main>`;
  return page(o, `Nos offres d'emploi (page ${pageNumber}) – Acme`, main);
}

export function detailPage(o: HtmlSiteOptions, job: SiteJob, f: RenderFault): string {
  const has = (field: RenderFault['broken']) => f.broken !== field;
  const lines = f.changedLayout
    ? [
        `  <article class="job"><h1 class="job-title">${esc(job.title)}</h1>`,
        `    <div class="job-body">${job.description}</div></article>`,
      ]
    : [
        '  <main class="fiche">',
        has('title') ? `    <h1 class="fiche__titre">${esc(job.title)}</h1>` : '',
        job.remote ? '    <span class="badge fiche__teletravail">100 % télétravail</span>' : '',
        '    <ul class="fiche__meta">',
        has('date') ? `      <li class="fiche__date">Publiée le ${frenchDate(job.postedAt)}</li>` : '',
        has('department') ? `      <li class="fiche__service">Service : ${esc(job.department)}</li>` : '',
        job.salary && has('salary') ? `      <li class="fiche__salaire">${salaryText(job.salary)}</li>` : '',
        '    </ul>',
        has('description') ? `    <div class="fiche__description">${job.description}</div>` : '',
        `    <a class="bouton fiche__postuler" href="https://${o.applyHost}/postuler?offre=${job.id}">Postuler</a>`,
        '  </main>',
      ];
  return page(o, `${job.title} – Acme`, lines.filter((l) => l !== '').join('\n'));
}

/** Characters outside the charset become numeric references (€, –, ’), as old Latin-1 CMSes write them. */
export function encodeHtml(html: string, charset: HtmlSiteOptions['charset']): Buffer {
  if (charset === 'utf-8') return Buffer.from(html, 'utf8');
  const latin1Safe = html.replace(/[\u{100}-\u{10ffff}]/gu, (c) => `&#${c.codePointAt(0)};`);
  return iconv.encode(latin1Safe, 'latin1');
}

/** Routes of an html site, `path` relative to its prefix ("/emplois?page=2"); null is a 404. */
export function renderHtmlSite(o: HtmlSiteOptions, path: string, all: readonly SiteJob[], listed: readonly SiteJob[], f: RenderFault): Reply | null {
  const url = new URL(path, 'http://site');
  let html: string | null = null;
  if (url.pathname === '/emplois') {
    const n = Number(url.searchParams.get('page') ?? '1');
    if (Number.isInteger(n) && n >= 1) html = listPage(o, listed, n, f);
  } else {
    const id = /^\/emploi\/(\d+)-[a-z0-9-]+\.html$/.exec(url.pathname)?.[1];
    const job = all.find((j) => j.id === id);
    if (job) html = detailPage(o, job, f);
  }
  if (html === null) return null;
  return reply(`text/html; charset=${o.charset}`, encodeHtml(html, o.charset));
}

/**
 * A whole scraper configuration for the generic html kind (`extractHtml`, `htmlConfigSchema`): the shipped
 * demo-careers scraper (importers/demo-careers, the one source of these selectors) made storable — its transforms
 * replaced by regexes — and reading what demo-careers assumes: the country (not always France here) and the
 * currency (not only €). Longer listings than demo-careers allows, and an empty-listing marker.
 */
export function genericHtmlConfig(listUrl: string): HtmlConfig {
  const shipped = demoCareers.scraper;
  const { salaryMin: _min, salaryMax: _max, applyUrl: _apply, ...detailFields } = shipped.detail!.fields;
  return {
    ...shipped,
    listUrls: [listUrl],
    fields: { ...shipped.fields, country: { selector: '.offre__lieu', regex: '\\(([^)]+)\\)$' } },
    maxPages: 50,
    emptySelector: '.liste-offres__vide',
    detail: {
      ...shipped.detail!,
      fields: {
        ...detailFields,
        salaryMin: { selector: '.fiche__salaire', regex: '^(\\d[\\d ]*)' },
        salaryMax: { selector: '.fiche__salaire', regex: '(\\d[\\d ]*)\\D*brut' },
        salaryCurrency: { selector: '.fiche__salaire', regex: '(€|CHF|\\$ CA)' },
        applyUrl: 'a.fiche__postuler@href',
      },
    },
  };
}
