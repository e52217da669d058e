import { z } from 'zod';
import { defineImporter, type ExtractedJob } from '../sdk/definition';
import { fetchJson, fetchJsonPages } from '../sdk/kinds/json';
import { mapSmartRecruitersPosting, smartRecruitersListSchema, smartRecruitersPostingSchema } from './map';

export const smartRecruitersConfigSchema = z.object({
  /** Company identifier: `jobs.smartrecruiters.com/{companyId}` (case-sensitive). */
  companyId: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a SmartRecruiters company identifier'),
  /** Postings per list request (the API allows at most 100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Detail requests in flight at once; the fetch policy still caps per-host concurrency. */
  detailConcurrency: z.number().int().min(1).max(8).default(4),
  /** API origin; overridden by tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.smartrecruiters.com'),
});
export type SmartRecruitersConfig = z.infer<typeof smartRecruitersConfigSchema>;

/**
 * SmartRecruiters Posting API: the list (`offset`/`limit`, `totalFound`) carries summaries only, so each
 * posting costs one more request for its `jobAd.sections`. Quirks: country codes are lower case, section titles
 * are localised, `typeOfEmployment` labels are English ("Full-time"), and `postingUrl` (the public page) only
 * appears in the detail.
 */
export const smartrecruiters = defineImporter({
  key: 'smartrecruiters',
  kind: 'json',
  description: 'SmartRecruiters Posting API: paginated list + one detail request per posting',
  configSchema: smartRecruitersConfigSchema,
  defaultSchedule: '41 */6 * * *',
  async *extract(ctx, config) {
    const base = `${config.baseUrl.replace(/\/$/, '')}/v1/companies/${encodeURIComponent(config.companyId)}/postings`;
    const pages = fetchJsonPages(ctx, {
      url: base,
      schema: smartRecruitersListSchema,
      select: (page) => page.content,
      paginate: { type: 'offset', offset: 'offset', limit: 'limit', size: config.pageSize, total: (page) => page.totalFound },
    });
    // Details are fetched in small ordered batches: overlapping requests without reordering the output.
    let batch: string[] = [];
    const flush = async (): Promise<ExtractedJob[]> => {
      const details = await Promise.all(
        batch.map((id) => fetchJson(ctx, `${base}/${encodeURIComponent(id)}`, smartRecruitersPostingSchema)),
      );
      batch = [];
      return details.map((detail) => ({ raw: mapSmartRecruitersPosting(detail.body), sourceUrl: detail.url }));
    };
    for await (const { item } of pages) {
      batch.push(item.id);
      if (batch.length >= config.detailConcurrency) yield* await flush();
    }
    if (batch.length > 0) yield* await flush();
  },
});

export default smartrecruiters;
