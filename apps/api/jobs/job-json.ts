import { jobView, type JobView } from '../../../db/job-view';

import type { JobRowFields } from '../../../db/queries/jobs';

export type { JobRowFields };

/** A job as the API and the client feed answer it: the row's identity and dates around the v2 fields of its data. */
export type JobJson = { id: number; externalId: string; status: 'open' | 'closed' } & JobView & { createdAt: string; updatedAt: string; closedAt: string | null };

export function jobJson(row: JobRowFields): JobJson {
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    ...jobView(row.data),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}
