import type { KindTemplate } from './shared';

const INDEX = `import { z } from 'zod';
import { defineImporter, extractXmlFeed, type XmlFieldMap } from '../sdk';

export const {{name}}ConfigSchema = z.object({
  /** The client's feed (a different URL in staging and production). */
  feedUrl: z.url({ protocol: /^https?$/ }),
});
export type {{Name}}Config = z.infer<typeof {{name}}ConfigSchema>;

/** Job field → path inside one \`<offre>\` (\`@id\` is an attribute of the item itself). */
const FIELDS: XmlFieldMap = {
  externalId: '@id',
  title: 'intitule',
  description: 'description',
  'location.city': 'lieu/ville',
  'location.postalCode': 'lieu/codePostal',
  'location.country': 'lieu/pays',
  contractType: 'contrat',
  department: 'service',
  applyUrl: 'lienCandidature',
  postedAt: 'datePublication',
};

{{quirks}}
export const {{name}} = defineImporter({
  key: '{{key}}',
  kind: 'xml',
  description: 'TODO: <client> XML feed (<offres><offre>), streamed',
  configSchema: {{name}}ConfigSchema,
  defaultSchedule: '0 */4 * * *',
  extract(ctx, config) {
    return extractXmlFeed(ctx, { url: config.feedUrl, item: 'offre', fields: FIELDS });
  },
});

export default {{name}};
`;

const FIXTURE = `<?xml version="1.0" encoding="utf-8"?>
<offres>
  <offre id="2026-014">
    <intitule>Responsable de magasin (H/F)</intitule>
    <description><![CDATA[<p>Vous pilotez une équipe de 8 personnes et garantissez la qualité de l’accueil.</p>]]></description>
    <lieu><ville>Rennes</ville><codePostal>35000</codePostal><pays>France</pays></lieu>
    <contrat>CDI</contrat>
    <service>Réseau de magasins</service>
    <lienCandidature>https://recrutement.exemple.fr/offres/2026-014</lienCandidature>
    <datePublication>2026-03-02T09:30:00+01:00</datePublication>
  </offre>
  <offre id="2026-015">
    <intitule>Alternance – Assistant(e) ressources humaines</intitule>
    <description>&lt;p&gt;Contrat d’apprentissage de 24 mois, rythme 3 semaines / 1 semaine.&lt;/p&gt;</description>
    <lieu><ville>Lille</ville><codePostal>59000</codePostal><pays>FR</pays></lieu>
    <contrat>Alternance</contrat>
    <service>Ressources humaines</service>
    <lienCandidature>https://recrutement.exemple.fr/offres/2026-015</lienCandidature>
    <datePublication>05/03/2026</datePublication>
  </offre>
</offres>
`;

const TEST = `  it('normalises the feed to exactly the expected jobs, in feed order', async () => {
    const config = {{name}}.configSchema.parse({ feedUrl: \`\${server.origin}/flux/offres.xml\` });
    const extracted = await collect({{name}}.extract(ctx, config));
    expect(extracted.map((e) => e.sourceUrl)).toStrictEqual(Array(2).fill(\`\${server.origin}/flux/offres.xml\`));
{{exact}}
    expect(normaliseAll(extracted)).toStrictEqual([
      {
        externalId: '2026-014',
        title: 'Responsable de magasin (H/F)',
        description: '<p>Vous pilotez une équipe de 8 personnes et garantissez la qualité de l’accueil.</p>',
        locations: [{ city: 'Rennes', region: null, postalCode: '35000', country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: 'Réseau de magasins',
        salary: null,
        applyUrl: 'https://recrutement.exemple.fr/offres/2026-014',
        // 09:30 in Paris (+01:00) is 08:30 UTC.
        postedAt: '2026-03-02T08:30:00.000Z',
        updatedAt: null,
      },
      {
        externalId: '2026-015',
        title: 'Alternance – Assistant(e) ressources humaines',
        // Entity-escaped in the feed: read as HTML all the same.
        description: '<p>Contrat d’apprentissage de 24 mois, rythme 3 semaines / 1 semaine.</p>',
        locations: [{ city: 'Lille', region: null, postalCode: '59000', country: 'FR', remote: false }],
        contractType: 'apprenticeship',
        workingTime: null,
        contractLabel: 'Alternance',
        department: 'Ressources humaines',
        salary: null,
        applyUrl: 'https://recrutement.exemple.fr/offres/2026-015',
        postedAt: '2026-03-05T00:00:00.000Z',
        updatedAt: null,
      },
    ]);
  });
});
`;

/** An xml importer: a streamed feed read with `extractXmlFeed` and a field map, like importers/multiposting-xml. */
export const xmlTemplate: KindTemplate = {
  kind: 'xml',
  index: INDEX,
  fixture: { file: 'offres.xml', path: '/flux/offres.xml', contentType: 'application/xml; charset=utf-8', content: FIXTURE },
  test: TEST,
};
