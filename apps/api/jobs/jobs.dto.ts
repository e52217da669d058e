import { z } from 'zod';
import { JOB_STATUSES } from '../../../db/schema';

export const MAX_JOBS_PAGE = 200;

export const listJobsSchema = z.strictObject({
  status: z.enum(JOB_STATUSES, { message: 'status must be "open" or "closed"' }).optional(),
  /** Jobs created, or whose content or status changed (updated, closed, reopened, reverted), at or after this instant. */
  changedSince: z.iso.datetime({ offset: true, message: 'changedSince must be an ISO 8601 date-time with its offset, e.g. 2026-01-31T08:00:00Z' }).optional(),
  /** Words searched in the title and the description (case-insensitive substring). */
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_JOBS_PAGE).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().regex(/^j[0-9]{1,18}$/, 'cursor must be the nextCursor of a previous page').optional(),
});
export type ListJobs = z.infer<typeof listJobsSchema>;

export const jobIdSchema = z
  .string()
  .regex(/^[0-9]{1,18}$/, 'job id must be a positive integer')
  .transform(Number)
  .refine(Number.isSafeInteger, 'job id out of range');
