import type { JsonldConfig } from '../../../importers/sdk';
import { type Reply, type RenderFault, reply } from '../faults';
import type { Contract, SiteJob } from '../jobs';
import { escapeHtml as esc } from './format';

/**
 * The jsonld site: one listing page linking to job pages, each carrying a schema.org JobPosting in
 * `<script type="application/ld+json">` (what sites add for Google for Jobs). The visible page is minimal: the
 * jsonld importer reads only the JSON-LD.
 */

// schema.org has no value for an apprenticeship: sites write the French word, which normalisation maps.
const EMPLOYMENT: Record<Contract, string> = { CDI: 'FULL_TIME', CDD: 'TEMPORARY', Stage: 'INTERN', Alternance: 'Alternance' };

/** "<" escaped inside the script, so a description's "</p>" can never close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value, null, 2).replace(/</g, '\\u003c');

export function jobPosting(job: SiteJob, pageUrl: string, f: RenderFault): Record<string, unknown> {
  const posting: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: job.title,
    identifier: { '@type': 'PropertyValue', name: 'Acme', value: job.id },
    description: job.description,
    datePosted: job.postedAt,
    employmentType: EMPLOYMENT[job.contract],
    hiringOrganization: { '@type': 'Organization', name: 'Acme Industries', sameAs: 'https://www.acme.example' },
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        addressLocality: job.city,
        addressRegion: job.region,
        postalCode: job.postalCode,
        addressCountry: job.country,
      },
    },
    url: pageUrl,
  };
  if (job.remote) posting.jobLocationType = 'TELECOMMUTE';
  if (job.salary) {
    posting.baseSalary = {
      '@type': 'MonetaryAmount',
      currency: job.salary.currency,
      value: { '@type': 'QuantitativeValue', minValue: job.salary.min, maxValue: job.salary.max, unitText: job.salary.period.toUpperCase() },
    };
  }
  const omit: Partial<Record<NonNullable<RenderFault['broken']>, string>> = {
    title: 'title',
    location: 'jobLocation',
    contract: 'employmentType',
    salary: 'baseSalary',
    date: 'datePosted',
    description: 'description',
  };
  const key = f.broken === null ? undefined : omit[f.broken];
  if (key !== undefined) delete posting[key];
  return posting;
}

function page(title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>${esc(title)}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/** Routes of the jsonld site, `path` relative to `prefix`; null is a 404. */
export function renderJsonldSite(
  prefix: string,
  origin: string,
  path: string,
  all: readonly SiteJob[],
  listed: readonly SiteJob[],
  f: RenderFault,
): Reply | null {
  const url = new URL(path, 'http://site');
  if (url.pathname === '/carrieres') {
    // The redesign renamed the link class: the configured link selector then matches nothing.
    const linkClass = f.changedLayout ? 'carte-offre__bouton' : 'offre-lien';
    const items = listed.map((j) => `    <li><a class="${linkClass}" href="${prefix}/carrieres/${j.id}">${esc(j.title)}</a> – ${esc(j.city)}</li>`);
    const body = `  <h1>Carrières</h1>\n  <ul class="offres">\n${items.join('\n')}\n  </ul>`;
    return reply('text/html; charset=utf-8', page('Carrières – Acme', '', body));
  }
  const id = /^\/carrieres\/(\d+)$/.exec(url.pathname)?.[1];
  const job = all.find((j) => j.id === id);
  if (!job) return null;
  const pageUrl = `${origin}${prefix}/carrieres/${job.id}`;
  const script = `  <script type="application/ld+json">\n${scriptJson(jobPosting(job, pageUrl, f))}\n  </script>`;
  const body = `  <main><h1>${esc(job.title)}</h1><p>${esc(job.city)}</p>${job.description}</main>`;
  return reply('text/html; charset=utf-8', page(`${job.title} – Acme`, script, body));
}

/** The jsonld importer's configuration for this site. */
export function jsonldSiteConfig(siteUrl: string): JsonldConfig {
  return { urls: [], listing: { urls: [`${siteUrl}/carrieres`], links: 'a.offre-lien', maxPages: 50 }, concurrency: 4, idFrom: 'identifier' };
}
