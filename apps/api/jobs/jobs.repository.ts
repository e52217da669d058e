import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, gte, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { EnvironmentName } from '../../../contracts';
import type { Database } from '../../../db/client';
import { imports, jobChanges, jobs } from '../../../db/schema';
import { DATABASE } from '../common/tokens';
import type { JobRowFields } from './job-json';

export interface JobFilters {
  status?: 'open' | 'closed' | undefined;
  changedSince?: Date | undefined;
  q?: string | undefined;
  afterId?: number | undefined;
}

/** LIKE's wildcards taken literally: a search for "100%" is not "100 and anything". */
const literal = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const rowFields = {
  id: jobs.id,
  externalId: jobs.externalId,
  status: jobs.status,
  data: jobs.data,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
  closedAt: jobs.closedAt,
};

@Injectable()
export class JobsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async importExists(importId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: imports.id }).from(imports).where(eq(imports.id, importId));
    return row !== undefined;
  }

  /** One page of an import's jobs in one environment, by id (a stable order that new jobs only extend). */
  list(importId: string, environment: EnvironmentName, filters: JobFilters, limit: number): Promise<JobRowFields[]> {
    const where: (SQL | undefined)[] = [eq(jobs.importId, importId), eq(jobs.environment, environment)];
    if (filters.status) where.push(eq(jobs.status, filters.status));
    // changed_at, not updated_at: a deploy compensation sets updated_at back to its earlier value (migration 0018).
    if (filters.changedSince) where.push(gte(jobs.changedAt, filters.changedSince));
    if (filters.q) where.push(or(ilike(sql`${jobs.data}->>'title'`, literal(filters.q)), ilike(sql`${jobs.data}->>'description'`, literal(filters.q))));
    if (filters.afterId !== undefined) where.push(gt(jobs.id, filters.afterId));
    return this.db.select(rowFields).from(jobs).where(and(...where)).orderBy(asc(jobs.id)).limit(limit);
  }

  async job(id: number): Promise<(JobRowFields & { importId: string; environment: EnvironmentName }) | null> {
    const [row] = await this.db
      .select({ ...rowFields, importId: jobs.importId, environment: jobs.environment })
      .from(jobs)
      .where(eq(jobs.id, id));
    return row ?? null;
  }

  /** A job's change log, newest first (a job changes a few times a month: 500 is years of history). */
  changes(jobId: number) {
    return this.db
      .select({ id: jobChanges.id, runId: jobChanges.runId, op: jobChanges.op, before: jobChanges.before, after: jobChanges.after, at: jobChanges.at, revertedAt: jobChanges.revertedAt })
      .from(jobChanges)
      .where(eq(jobChanges.jobId, jobId))
      .orderBy(desc(jobChanges.id))
      .limit(500);
  }
}
