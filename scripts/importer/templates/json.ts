import type { KindTemplate } from './shared';

const INDEX = `import { z } from 'zod';
import { defineImporter, fetchJsonPages, type RawJob } from '../sdk';

export const {{name}}ConfigSchema = z.object({
  /** First page of the client's API listing (a different URL in staging and production). */
  feedUrl: z.url({ protocol: /^https?$/ }),
});

/** Only what this importer reads: a renamed or retyped field fails the run with its path, not silently. */
const offerSchema = z.object({
  reference: z.string(),
  titre: z.string(),
  description: z.string().nullable(),
  ville: z.string().nullable(),
  codePostal: z.string().nullable(),
  pays: z.string().nullable(),
  teletravail: z.boolean(),
  typeContrat: z.string().nullable(),
  salaire: z.object({ min: z.number(), max: z.number(), devise: z.string(), periode: z.string() }).nullable(),
  url: z.string(),
  publieLe: z.string(),
});
const pageSchema = z.object({ offres: z.array(offerSchema), suivant: z.string().nullable() });
type Offer = z.infer<typeof offerSchema>;

function toRawJob(offer: Offer): RawJob {
  return {
    externalId: offer.reference,
    title: offer.titre,
    description: offer.description,
    locations: [{ city: offer.ville, postalCode: offer.codePostal, country: offer.pays, remote: offer.teletravail }],
    contractType: offer.typeContrat,
    salary: offer.salaire && { min: offer.salaire.min, max: offer.salaire.max, currency: offer.salaire.devise, period: offer.salaire.periode },
    applyUrl: offer.url,
    postedAt: offer.publieLe,
  };
}

{{quirks}}
export const {{name}} = defineImporter({
  key: '{{key}}',
  kind: 'json',
  description: 'TODO: <client> JSON API (paginated by a "suivant" link)',
  configSchema: {{name}}ConfigSchema,
  defaultSchedule: '0 */6 * * *',
  async *extract(ctx, config) {
    const pages = fetchJsonPages(ctx, {
      url: config.feedUrl,
      schema: pageSchema,
      select: (page) => page.offres,
      paginate: { type: 'next', link: (page) => page.suivant },
    });
    for await (const { item, url } of pages) yield { raw: toRawJob(item), sourceUrl: url };
  },
});

export default {{name}};
`;

const FIXTURE = `${JSON.stringify(
    {
      offres: [
        {
          reference: 'OFF-3101',
          titre: 'Développeur·se back-end Node.js',
          description: '<p>Vous rejoignez l’équipe produit pour faire évoluer notre plateforme de réservation.</p>',
          ville: 'Nantes',
          codePostal: '44000',
          pays: 'France',
          teletravail: false,
          typeContrat: 'CDI',
          salaire: { min: 42000, max: 50000, devise: 'EUR', periode: 'annuel' },
          url: 'https://emplois.exemple.fr/offres/OFF-3101',
          publieLe: '2026-01-19T10:00:00Z',
        },
        {
          reference: 'OFF-3102',
          titre: 'Chargé·e de support client',
          description: '<p>Poste en télétravail complet : vous répondez aux demandes de nos clients par téléphone et e-mail.</p>',
          ville: null,
          codePostal: null,
          pays: 'FR',
          teletravail: true,
          typeContrat: 'Temps partiel',
          salaire: { min: 1900, max: 1900, devise: 'EUR', periode: 'mois' },
          url: 'https://emplois.exemple.fr/offres/OFF-3102',
          publieLe: '2026-01-26T08:15:00+01:00',
        },
      ],
      suivant: null,
    },
    null,
    2,
  )}\n`;

const TEST = `  it('normalises the API pages to exactly the expected jobs, in order', async () => {
    const config = {{name}}.configSchema.parse({ feedUrl: \`\${server.origin}/api/offres\` });
    const extracted = await collect({{name}}.extract(ctx, config));
    expect(extracted.map((e) => e.sourceUrl)).toStrictEqual(Array(2).fill(\`\${server.origin}/api/offres\`));
{{exact}}
    expect(normaliseAll(extracted)).toStrictEqual([
      {
        externalId: 'OFF-3101',
        title: 'Développeur·se back-end Node.js',
        description: '<p>Vous rejoignez l’équipe produit pour faire évoluer notre plateforme de réservation.</p>',
        locations: [{ city: 'Nantes', region: null, postalCode: '44000', country: 'FR', remote: false }],
        contractType: 'permanent',
        workingTime: null,
        contractLabel: 'CDI',
        department: null,
        salary: { min: 42000, max: 50000, currency: 'EUR', period: 'year' },
        applyUrl: 'https://emplois.exemple.fr/offres/OFF-3101',
        postedAt: '2026-01-19T10:00:00.000Z',
        updatedAt: null,
      },
      {
        externalId: 'OFF-3102',
        title: 'Chargé·e de support client',
        description: '<p>Poste en télétravail complet : vous répondez aux demandes de nos clients par téléphone et e-mail.</p>',
        locations: [{ city: null, region: null, postalCode: null, country: 'FR', remote: true }],
        contractType: null,
        workingTime: 'part_time',
        contractLabel: 'Temps partiel',
        department: null,
        salary: { min: 1900, max: 1900, currency: 'EUR', period: 'month' },
        applyUrl: 'https://emplois.exemple.fr/offres/OFF-3102',
        postedAt: '2026-01-26T07:15:00.000Z',
        updatedAt: null,
      },
    ]);
    // One page: \`suivant\` is null on it, which ends the listing.
    expect(server.requests).toStrictEqual(['/api/offres']);
  });
});
`;

/** A json importer: a paginated API read with `fetchJsonPages`, its payload checked by a zod schema. */
export const jsonTemplate: KindTemplate = {
  kind: 'json',
  index: INDEX,
  fixture: { file: 'offres.json', path: '/api/offres', contentType: 'application/json; charset=utf-8', content: FIXTURE },
  test: TEST,
};
