import { z } from 'zod';
import { defineImporter } from '../sdk/definition';
import { fetchJsonPages } from '../sdk/kinds/json';
import { leverPageSchema, mapLeverPosting } from './map';

export const leverConfigSchema = z.object({
  /** The company slug: `jobs.lever.co/{company}`. */
  company: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a Lever company slug'),
  /** Postings per request; Lever caps `limit` silently, so stay at or below 100. */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** API origin: `https://api.eu.lever.co` for EU-hosted accounts; overridden by tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.lever.co'),
});
export type LeverConfig = z.infer<typeof leverConfigSchema>;

/**
 * Lever Postings API: a bare JSON array per page, paginated with `skip`/`limit` and no total, so the last page
 * is the first short one. Quirks: the description is split over `description`, `lists[]` and `additional`;
 * `createdAt` is epoch ms; EU accounts live on api.eu.lever.co; `categories.location` holds "Télétravail"
 * for remote postings (use `workplaceType`), the real city otherwise ("Chicago, IL", kept, remote or not);
 * `categories.allLocations` lists every place of a multi-location posting.
 */
export const lever = defineImporter({
  key: 'lever',
  kind: 'json',
  description: 'Lever postings API (api.lever.co / api.eu.lever.co), skip/limit pages',
  configSchema: leverConfigSchema,
  defaultSchedule: '23 */6 * * *',
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
