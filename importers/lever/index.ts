import { leverEntry } from './config';
import { defineImporter } from '../sdk/definition';
import { fetchJsonPages } from '../sdk/kinds/json';
import { leverPageSchema, mapLeverPosting } from './map';

export { leverConfigSchema, type LeverConfig } from './config';

/**
 * Lever Postings API: a bare JSON array per page, paginated with `skip`/`limit` and no total, so the last page
 * is the first short one. Quirks: the description is split over `description`, `lists[]` and `additional`;
 * `createdAt` is epoch ms; EU accounts live on api.eu.lever.co; `categories.location` holds "Télétravail"
 * for remote postings (use `workplaceType`), the real city otherwise ("Chicago, IL", kept, remote or not);
 * `categories.allLocations` lists every place of a multi-location posting.
 */
export const lever = defineImporter({
  ...leverEntry,
  async *extract(ctx, config) {
    const url = `${config.baseUrl.replace(/\/$/, '')}/v0/postings/${encodeURIComponent(config.company)}?mode=json`;
    const pages = fetchJsonPages(ctx, {
      url,
      schema: leverPageSchema,
      select: (postings) => postings,
      paginate: { type: 'offset', offset: 'skip', limit: 'limit', size: config.pageSize },
    });
    for await (const { item, url: sourceUrl } of pages) yield { raw: mapLeverPosting(item), sourceUrl };
  },
});

export default lever;
