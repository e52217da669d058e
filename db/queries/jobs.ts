import { and, asc, desc, eq, gt, gte, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { EnvironmentName } from '../../contracts';
import type { Database } from '../client';
import { imports, jobChanges, jobs } from '../schema';

/** An import's jobs as the API pages, shows and searches them, with each job's change log. */
type Job = typeof jobs.$inferSelect;
/** What the API answers of a job row (apps/api/jobs/job-json.ts). */
export type JobRowFields = Pick<Job, 'id' | 'externalId' | 'status' | 'data' | 'createdAt' | 'updatedAt' | 'closedAt'>;

export interface JobFilters {
  status?: 'open' | 'closed' | undefined;
  changedSince?: Date | undefined;
  q?: string | undefined;
  afterId?: number | undefined;
}

/** LIKE's wildcards taken literally: a search for "100%" is not "100 and anything". */
const literal = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const jobRowFields = {
  id: jobs.id,
  externalId: jobs.externalId,
  status: jobs.status,
  data: jobs.data,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
  closedAt: jobs.closedAt,
};

export async function importExists(db: Database, importId: string): Promise<boolean> {
  const [row] = await db.select({ id: imports.id }).from(imports).where(eq(imports.id, importId));
  return row !== undefined;
}

/** One page of an import's jobs in one environment, by id (a stable order that new jobs only extend). */
export function jobsPage(db: Database, importId: string, environment: EnvironmentName, filters: JobFilters, limit: number): Promise<JobRowFields[]> {
  const where: (SQL | undefined)[] = [eq(jobs.importId, importId), eq(jobs.environment, environment)];
  if (filters.status) where.push(eq(jobs.status, filters.status));
  // changed_at, not updated_at: a deploy compensation sets updated_at back to its earlier value (migration 0018).
  if (filters.changedSince) where.push(gte(jobs.changedAt, filters.changedSince));
  if (filters.q) where.push(or(ilike(sql`${jobs.data}->>'title'`, literal(filters.q)), ilike(sql`${jobs.data}->>'description'`, literal(filters.q))));
  if (filters.afterId !== undefined) where.push(gt(jobs.id, filters.afterId));
  return db.select(jobRowFields).from(jobs).where(and(...where)).orderBy(asc(jobs.id)).limit(limit);
}

export async function jobById(db: Database, id: number): Promise<(JobRowFields & { importId: string; environment: EnvironmentName }) | null> {
  const [row] = await db
    .select({ ...jobRowFields, importId: jobs.importId, environment: jobs.environment })
    .from(jobs)
    .where(eq(jobs.id, id));
  return row ?? null;
}

/** A job's change log, newest first (a job changes a few times a month: 500 is years of history). */
export function changesOfJob(db: Database, jobId: number) {
  return db
    .select({ id: jobChanges.id, runId: jobChanges.runId, op: jobChanges.op, before: jobChanges.before, after: jobChanges.after, at: jobChanges.at, revertedAt: jobChanges.revertedAt })
    .from(jobChanges)
    .where(eq(jobChanges.jobId, jobId))
    .orderBy(desc(jobChanges.id))
    .limit(500);
}

