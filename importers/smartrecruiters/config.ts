import { z } from 'zod';
import { defineEntry } from '../sdk/definition';

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

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const smartrecruitersEntry = defineEntry({
  key: 'smartrecruiters',
  kind: 'json',
  description: 'SmartRecruiters Posting API: paginated list + one detail request per posting',
  configSchema: smartRecruitersConfigSchema,
  defaultSchedule: '41 */6 * * *',
});
