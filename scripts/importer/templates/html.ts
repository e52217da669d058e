import type { KindTemplate } from './shared';

const INDEX = `import { htmlImporter } from '../sdk';

{{quirks}}
export const {{name}} = htmlImporter({
  key: '{{key}}',
  description: 'TODO: <client> career site: one paginated listing, no detail pages.',
  defaultSchedule: '0 6 * * *',
  scraper: {
    item: 'ul.offres li.offre',
    fields: {
      externalId: ':scope@data-ref',
      title: 'h2.offre__titre',
      description: { selector: '.offre__resume', html: true },
      city: { selector: '.offre__lieu', regex: '^(.+?)\\\\s*\\\\(' },
      postalCode: { selector: '.offre__lieu', regex: '\\\\((\\\\d{5})\\\\)' },
      // TODO: the fixture site never shows the country; check that the client only hires in France.
      country: { value: 'France' },
      contractType: '.offre__contrat',
      postedAt: { selector: '.offre__date', regex: 'Publiée le (.+)$' },
      applyUrl: 'a.offre__postuler@href',
    },
    nextPage: 'a.pagination__suivant',
    maxPages: 20,
  },
});

export default {{name}};
`;

const FIXTURE = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Nos offres d’emploi</title>
</head>
<body>
  <main>
    <h1>Rejoignez-nous</h1>
    <ul class="offres">
      <li class="offre" data-ref="ACME-101">
        <h2 class="offre__titre">Technicien de maintenance H/F</h2>
        <p class="offre__lieu">Lyon (69007)</p>
        <p class="offre__contrat">CDI</p>
        <p class="offre__date">Publiée le 03/02/2026</p>
        <div class="offre__resume"><p>Vous assurez la maintenance préventive et curative de nos lignes de production.</p></div>
        <a class="offre__postuler" href="/candidature?offre=ACME-101">Postuler</a>
      </li>
      <li class="offre" data-ref="ACME-102">
        <h2 class="offre__titre">Assistant·e administratif·ve – remplacement</h2>
        <p class="offre__lieu">Bordeaux (33000)</p>
        <p class="offre__contrat">CDD</p>
        <p class="offre__date">Publiée le 10/02/2026</p>
        <div class="offre__resume"><p>Remplacement de 6 mois au sein du service achats.</p><ul><li>Suivi des commandes</li><li>Accueil téléphonique</li></ul></div>
        <a class="offre__postuler" href="/candidature?offre=ACME-102">Postuler</a>
      </li>
    </ul>
    <nav class="pagination"><span class="pagination__suivant">Page suivante</span></nav>
  </main>
</body>
</html>
`;

const TEST = `  it('normalises the listing to exactly the expected jobs, in page order', async () => {
    const config = {{name}}.configSchema.parse({ listUrls: [\`\${server.origin}/offres\`] });
    const extracted = await collect({{name}}.extract(ctx, config));
    expect(extracted.map((e) => e.sourceUrl)).toStrictEqual([\`\${server.origin}/offres\`, \`\${server.origin}/offres\`]);
{{exact}}
    expect(normaliseAll(extracted)).toStrictEqual([
      {
        externalId: 'ACME-101',
        title: 'Technicien de maintenance H/F',
        description: '<p>Vous assurez la maintenance préventive et curative de nos lignes de production.</p>',
        locations: [{ city: 'Lyon', region: null, postalCode: '69007', country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: null,
        salary: null,
        // Relative on the page: resolved against the listing's URL.
        applyUrl: \`\${server.origin}/candidature?offre=ACME-101\`,
        postedAt: '2026-02-03T00:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'ACME-102',
        title: 'Assistant·e administratif·ve – remplacement',
        description: '<p>Remplacement de 6 mois au sein du service achats.</p><ul><li>Suivi des commandes</li><li>Accueil téléphonique</li></ul>',
        locations: [{ city: 'Bordeaux', region: null, postalCode: '33000', country: 'FR', remote: false }],
        contractType: 'fixed_term',
        workingTime: null,
        contractLabel: 'CDD',
        department: null,
        salary: null,
        applyUrl: \`\${server.origin}/candidature?offre=ACME-102\`,
        postedAt: '2026-02-10T00:00:00.000Z',
        updatedAt: null,
      },
    ]);
    expect(server.requests).toStrictEqual(['/offres']);
  });
});
`;

/** An html importer: selectors in code (`htmlImporter`), list URLs per import. */
export const htmlTemplate: KindTemplate = {
  kind: 'html',
  index: INDEX,
  fixture: { file: 'offres.html', path: '/offres', contentType: 'text/html; charset=utf-8', content: FIXTURE },
  test: TEST,
};
