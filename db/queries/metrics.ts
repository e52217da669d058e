import type { importBlockers, incidents, runs } from '../schema';
import type { Queryable } from './sql';

/**
 * The totals /metrics exposes, each one aggregate over runs, incidents or blocks at scrape time (the figures are
 * the database's, so they survive restarts and agree whichever API instance is scraped).
 */
type Run = typeof runs.$inferSelect;

export type RunsByStatus = Pick<Run, 'environment' | 'status'> & { n: number };

export function runsByStatus(sql: Queryable): Promise<RunsByStatus[]> {
  return sql<RunsByStatus[]>`select environment, status, count(*)::int as n from runs group by 1, 2`;
}

export type RunDuration = Pick<Run, 'environment'> & { seconds: number };

/** Every finished run's duration, start to end. */
export function finishedRunDurations(sql: Queryable): Promise<RunDuration[]> {
  return sql<RunDuration[]>`
    select environment, extract(epoch from finished_at - started_at)::float8 as seconds from runs where finished_at is not null`;
}

export const JOB_CHANGES = ['created', 'updated', 'closed', 'reopened'] as const;
export type JobChangeTotals = Pick<Run, 'environment'> & Record<(typeof JOB_CHANGES)[number], number>;

/** Jobs changed by the runs applied (reverted ones included: their apply happened), summed from their counts. */
export function jobChangeTotals(sql: Queryable): Promise<JobChangeTotals[]> {
  return sql<JobChangeTotals[]>`
    select environment,
      coalesce(sum((counts->>'created')::int), 0)::int as created, coalesce(sum((counts->>'updated')::int), 0)::int as updated,
      coalesce(sum((counts->>'closed')::int), 0)::int as closed, coalesce(sum((counts->>'reopened')::int), 0)::int as reopened
    from runs where status in ('applied', 'reverted') group by environment`;
}

export type OpenIncidentsByKind = Pick<typeof incidents.$inferSelect, 'kind'> & { n: number };

export function openIncidentsByKind(sql: Queryable): Promise<OpenIncidentsByKind[]> {
  return sql<OpenIncidentsByKind[]>`select kind, count(*)::int as n from incidents where status <> 'resolved' group by kind`;
}

export type BlockedByKind = Pick<typeof importBlockers.$inferSelect, 'kind'> & { n: number };

/** Imports with an open block, cancelled ones left out, by kind of block. */
export function blockedImportsByKind(sql: Queryable): Promise<BlockedByKind[]> {
  return sql<BlockedByKind[]>`
    select b.kind, count(distinct b.import_id)::int as n from import_blockers b join imports i on i.id = b.import_id
    where b.resolved_at is null and i.stage <> 'cancelled' group by b.kind`;
}
