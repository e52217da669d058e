import { type Reply, type RenderFault, reply } from '../faults';
import type { SiteJob } from '../jobs';
import { COUNTRY_NAMES, publicJobUrl, salaryText } from './format';

/**
 * The feed site: an Indeed/multiposting XML feed (`<source><job>`) for importers/multiposting-xml, sent in chunks
 * (the prolog, then one chunk per job) so the importer's streaming parser really sees a stream. Values alternate
 * between CDATA and escaped text, as multiposting tools do.
 */

const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** RFC 2822 at 09:00 UTC on the posting day: "Mon, 02 Mar 2026 09:00:00 GMT". */
const rfc2822 = (isoDate: string) => new Date(`${isoDate}T09:00:00Z`).toUTCString();

function jobElement(job: SiteJob, index: number, f: RenderFault): string {
  const wrap = index % 2 === 0 ? cdata : escapeXml;
  const item = f.changedLayout ? 'offer' : 'job';
  const fields: [string, string | null, RenderFault['broken']][] = [
    ['title', job.title, 'title'],
    ['date', rfc2822(job.postedAt), 'date'],
    ['referencenumber', job.id, null],
    ['url', publicJobUrl(job, 'carrieres.acme.example'), null],
    ['company', 'Acme Industries', null],
    ['city', job.city, 'location'],
    ['state', job.region, 'location'],
    ['postalcode', job.postalCode, 'location'],
    // A name on odd items, a code on even ones: the importer accepts both.
    ['country', index % 2 === 0 ? job.country : COUNTRY_NAMES[job.country], 'location'],
    ['description', job.description, 'description'],
    ['salary', job.salary ? salaryText(job.salary) : null, 'salary'],
    ['jobtype', job.contract, 'contract'],
    ['category', job.department, 'department'],
    ['remotetype', job.remote ? 'Fully remote' : null, 'location'],
  ];
  const lines = fields
    .filter(([, value, field]) => value !== null && (field === null || field !== f.broken))
    .map(([name, value]) => `    <${name}>${wrap(value!)}</${name}>`);
  return `  <${item}>\n${lines.join('\n')}\n  </${item}>\n`;
}

export const FEED_PATH = '/flux/offres.xml';

/** Routes of the feed site, `path` relative to its prefix; null is a 404. */
export function renderFeedSite(path: string, listed: readonly SiteJob[], f: RenderFault): Reply | null {
  if (new URL(path, 'http://site').pathname !== FEED_PATH) return null;
  const head = `<?xml version="1.0" encoding="utf-8"?>
<source>
  <publisher>Acme Industries</publisher>
  <publisherurl>https://carrieres.acme.example</publisherurl>
  <lastBuildDate>Mon, 02 Mar 2026 06:00:00 GMT</lastBuildDate>
`;
  const chunks = [head, ...listed.map((job, i) => jobElement(job, i, f)), '</source>\n'];
  return reply('application/xml; charset=utf-8', chunks);
}
