import { recruiteeEntry } from './config';
import { defineImporter } from '../sdk/definition';
import { fetchJsonPages } from '../sdk/kinds/json';
import { mapRecruiteeOffer, recruiteeOffersSchema } from './map';

export { recruiteeConfigSchema, type RecruiteeConfig } from './config';

/**
 * Recruitee careers site API: one unpaginated request lists every published offer. Quirks: dates are
 * "YYYY-MM-DD hh:mm:ss UTC" (rewritten to ISO here), `employment_type_code` mixes schedule and contract
 * ("parttime_permanent": read as both), `locations` lists every place, `requirements` is a separate HTML block appended to the description, and empty
 * strings stand for missing city/postal code.
 */
export const recruitee = defineImporter({
  ...recruiteeEntry,
  async *extract(ctx, config) {
    const origin = (config.baseUrl ?? `https://${config.company}.recruitee.com`).replace(/\/$/, '');
    const pages = fetchJsonPages(ctx, { url: `${origin}/api/offers/`, schema: recruiteeOffersSchema, select: (body) => body.offers });
    for await (const { item, url } of pages) yield { raw: mapRecruiteeOffer(item), sourceUrl: url };
  },
});

export default recruitee;
