import { z } from 'zod';
import { defineImporter } from '../sdk/definition';
import { fetchJsonPages } from '../sdk/kinds/json';
import { mapRecruiteeOffer, recruiteeOffersSchema } from './map';

export const recruiteeConfigSchema = z.object({
  /** The careers site subdomain: `{company}.recruitee.com`. */
  company: z.string().regex(/^[a-z0-9-]+$/, 'a Recruitee subdomain'),
  /** Origin of the careers site, for custom domains (`https://carrieres.example.fr`) and tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type RecruiteeConfig = z.infer<typeof recruiteeConfigSchema>;

/**
 * Recruitee careers site API: one unpaginated request lists every published offer. Quirks: dates are
 * "YYYY-MM-DD hh:mm:ss UTC" (rewritten to ISO here), `employment_type_code` mixes schedule and contract
 * ("parttime_permanent": read as both), `locations` lists every place, `requirements` is a separate HTML block appended to the description, and empty
 * strings stand for missing city/postal code.
 */
export const recruitee = defineImporter({
  key: 'recruitee',
  kind: 'json',
  description: 'Recruitee careers site API ({company}.recruitee.com/api/offers/)',
  configSchema: recruiteeConfigSchema,
  defaultSchedule: '29 */6 * * *',
  async *extract(ctx, config) {
    const origin = (config.baseUrl ?? `https://${config.company}.recruitee.com`).replace(/\/$/, '');
    const pages = fetchJsonPages(ctx, { url: `${origin}/api/offers/`, schema: recruiteeOffersSchema, select: (body) => body.offers });
    for await (const { item, url } of pages) yield { raw: mapRecruiteeOffer(item), sourceUrl: url };
  },
});

export default recruitee;
