import { smartrecruitersEntry } from './config';
import { defineImporter, type ExtractedJob } from '../sdk/definition';
import { HttpStatusError } from '../sdk/errors';
import { fetchJson, fetchJsonPages } from '../sdk/kinds/json';
import { mapSmartRecruitersPosting, smartRecruitersListSchema, smartRecruitersPostingSchema } from './map';

export { smartRecruitersConfigSchema, type SmartRecruitersConfig } from './config';

/**
 * SmartRecruiters Posting API: the list (`offset`/`limit`, `totalFound`) carries summaries only, so each
 * posting costs one more request for its `jobAd.sections`. Quirks: country codes are lower case, section titles
 * are localised, `typeOfEmployment` labels are English ("Full-time"), and `postingUrl` (the public page) only
 * appears in the detail.
 */
export const smartrecruiters = defineImporter({
  ...smartrecruitersEntry,
  async *extract(ctx, config) {
    const base = `${config.baseUrl.replace(/\/$/, '')}/v1/companies/${encodeURIComponent(config.companyId)}/postings`;
    const pages = fetchJsonPages(ctx, {
      url: base,
      schema: smartRecruitersListSchema,
      select: (page) => page.content,
      paginate: { type: 'offset', offset: 'offset', limit: 'limit', size: config.pageSize, total: (page) => page.totalFound },
    });
    // Details are fetched in small ordered batches: overlapping requests without reordering the output.
    let batch: { id: string; name: string | null }[] = [];
    const detail = async (listed: { id: string; name: string | null }): Promise<ExtractedJob> => {
      const url = `${base}/${encodeURIComponent(listed.id)}`;
      try {
        const fetched = await fetchJson(ctx, url, smartRecruitersPostingSchema);
        return { raw: mapSmartRecruitersPosting(fetched.body), sourceUrl: fetched.url };
      } catch (err) {
        // One posting whose detail is refused (unpublished between the list and its detail) is one unreadable
        // record: invalid, still listed (its job is not closed), and the invalid-ratio check judges how many.
        const status = err instanceof HttpStatusError ? (err.status ?? 0) : 0;
        if (status < 400 || status >= 500 || status === 429) throw err;
        return {
          raw: { externalId: listed.id, title: listed.name },
          sourceUrl: url,
          errors: [{ field: '(detail)', message: `posting detail ${url} answered HTTP ${status}: the job cannot be read` }],
        };
      }
    };
    const flush = async (): Promise<ExtractedJob[]> => {
      const records = await Promise.all(batch.map(detail));
      batch = [];
      return records;
    };
    for await (const { item } of pages) {
      batch.push({ id: item.id, name: item.name ?? null });
      if (batch.length >= config.detailConcurrency) yield* await flush();
    }
    if (batch.length > 0) yield* await flush();
  },
});

export default smartrecruiters;
