import type { KindTemplate } from './shared';

const INDEX = `import { jsonldImporter } from '../sdk';

{{quirks}}
export const {{name}} = jsonldImporter({
  key: '{{key}}',
  description: 'TODO: <client> career site publishing JobPosting JSON-LD',
  defaultSchedule: '0 6 * * *',
});

export default {{name}};
`;

const posting = (p: Record<string, unknown>): string =>
    `  <script type="application/ld+json">\n${JSON.stringify({ '@context': 'https://schema.org', '@type': 'JobPosting', ...p }, null, 2)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n')}\n  </script>`;
const FIXTURE = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Offres d’emploi – Transports Exemple</title>
${posting({
  identifier: { '@type': 'PropertyValue', name: 'Transports Exemple', value: 'TX-0042' },
  title: 'Conducteur poids lourd (H/F)',
  description: '<p>Livraisons régionales au départ de notre agence de Toulouse, retour au domicile chaque soir.</p>',
  datePosted: '2026-02-16',
  employmentType: 'FULL_TIME',
  hiringOrganization: { '@type': 'Organization', name: 'Transports Exemple' },
  jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Toulouse', postalCode: '31200', addressRegion: 'Occitanie', addressCountry: 'FR' } },
  baseSalary: { '@type': 'MonetaryAmount', currency: 'EUR', value: { '@type': 'QuantitativeValue', minValue: 2300, maxValue: 2600, unitText: 'MONTH' } },
  url: 'https://www.transports-exemple.fr/offres/tx-0042',
})}
${posting({
  identifier: { '@type': 'PropertyValue', name: 'Transports Exemple', value: 'TX-0043' },
  title: 'Stage – Assistant(e) exploitation',
  description: '<p>Stage de 4 mois : planification des tournées et suivi des chauffeurs.</p>',
  datePosted: '2026-02-20T14:00:00+01:00',
  employmentType: 'INTERN',
  hiringOrganization: { '@type': 'Organization', name: 'Transports Exemple' },
  jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Montauban', postalCode: '82000', addressCountry: 'France' } },
  url: 'https://www.transports-exemple.fr/offres/tx-0043',
})}
</head>
<body>
  <h1>Nos offres</h1>
  <ul>
    <li><a href="/offres/tx-0042">Conducteur poids lourd (H/F)</a> – Toulouse</li>
    <li><a href="/offres/tx-0043">Stage – Assistant(e) exploitation</a> – Montauban</li>
  </ul>
</body>
</html>
`;

const TEST = `  it('normalises the JobPosting blocks to exactly the expected jobs, in page order', async () => {
    // The postings are on the listing page itself; a site with one page per job uses \`listing.links\` instead.
    const config = {{name}}.configSchema.parse({ urls: [\`\${server.origin}/offres\`] });
    const extracted = await collect({{name}}.extract(ctx, config));
    expect(extracted.map((e) => e.sourceUrl)).toStrictEqual(Array(2).fill(\`\${server.origin}/offres\`));
{{exact}}
    expect(normaliseAll(extracted)).toStrictEqual([
      {
        externalId: 'TX-0042',
        title: 'Conducteur poids lourd (H/F)',
        description: '<p>Livraisons régionales au départ de notre agence de Toulouse, retour au domicile chaque soir.</p>',
        locations: [{ city: 'Toulouse', region: 'Occitanie', postalCode: '31200', country: 'FR', remote: false }],
        contractType: null,
        workingTime: 'full_time',
        contractLabel: 'FULL_TIME',
        department: null,
        salary: { min: 2300, max: 2600, currency: 'EUR', period: 'month' },
        applyUrl: 'https://www.transports-exemple.fr/offres/tx-0042',
        postedAt: '2026-02-16T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'TX-0043',
        title: 'Stage – Assistant(e) exploitation',
        description: '<p>Stage de 4 mois : planification des tournées et suivi des chauffeurs.</p>',
        locations: [{ city: 'Montauban', region: null, postalCode: '82000', country: 'FR', remote: false }],
        contractType: 'internship',
        workingTime: null,
        contractLabel: 'INTERN',
        department: null,
        salary: null,
        applyUrl: 'https://www.transports-exemple.fr/offres/tx-0043',
        postedAt: '2026-02-20T13:00:00.000Z',
        updatedAt: null,
      },
    ]);
  });
});
`;

/** A jsonld importer: schema.org JobPosting blocks (`jsonldImporter`); the pages to read are per import. */
export const jsonldTemplate: KindTemplate = {
  kind: 'jsonld',
  index: INDEX,
  fixture: { file: 'offres.html', path: '/offres', contentType: 'text/html; charset=utf-8', content: FIXTURE },
  test: TEST,
};
