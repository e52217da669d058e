import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '../common/tokens';
import type { Database } from '../../../db/client';
import type { EnvironmentName } from '../../../contracts';
import { changedFields } from '../../../db/job-view';
import { ApiError } from '../common/api-error';
import { jobJson, type JobJson } from './job-json';
import type { ListJobs } from './jobs.dto';
import { changesOfJob, importExists, jobById, jobsPage } from '../../../db/queries/jobs';

export interface JobsPage {
  items: JobJson[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface JobChange {
  id: number;
  op: string;
  runId: string;
  at: string;
  revertedAt: string | null;
  statusBefore: string | null;
  statusAfter: string | null;
  /** The fields an update changed (v2 names); empty for a create, close or reopen without new content. */
  changedFields: string[];
}

/** The job database, read: an import's jobs per environment, and one job with its change log. */
@Injectable()
export class JobsService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(importId: string, environment: EnvironmentName, query: ListJobs): Promise<JobsPage> {
    if (!(await importExists(this.db, importId))) throw new ApiError(404, 'import_not_found', `No import with id ${importId}`);
    const rows = await jobsPage(this.db, 
      importId,
      environment,
      { status: query.status, changedSince: query.changedSince ? new Date(query.changedSince) : undefined, q: query.q, afterId: query.cursor ? Number(query.cursor.slice(1)) : undefined },
      query.limit + 1,
    );
    const page = rows.slice(0, query.limit);
    return { items: page.map(jobJson), nextCursor: rows.length > query.limit ? `j${page.at(-1)!.id}` : null };
  }

  async get(id: number): Promise<JobJson & { importId: string; environment: EnvironmentName; changes: JobChange[] }> {
    const row = await jobById(this.db, id);
    if (!row) throw new ApiError(404, 'job_not_found', `No job with id ${id}`);
    const changes = await changesOfJob(this.db, id);
    // An update logs the data before it; the data after it is the next update's "before", or the job's current data.
    let after = row.data;
    const described = changes.map((c): JobChange => {
      const before = c.before?.data;
      const fields = c.op === 'update' && before ? changedFields(before, after) : [];
      if (before) after = before;
      return {
        id: c.id,
        op: c.op,
        runId: c.runId,
        at: c.at.toISOString(),
        revertedAt: c.revertedAt?.toISOString() ?? null,
        statusBefore: c.before?.status ?? null,
        statusAfter: c.after?.status ?? null,
        changedFields: fields,
      };
    });
    return { ...jobJson(row), importId: row.importId, environment: row.environment, changes: described };
  }
}
