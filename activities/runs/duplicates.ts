import type { Queryable } from '../../db/queries/sql';
import { resolveDuplicates, type DuplicateKind } from '../../importers/sdk/duplicates';
import type { Job } from '../../importers/sdk/job';
import type { RunFigures } from '../checks/types';
import { duplicatedRecords, rewriteStagedJob } from '../../db/queries/run-records';

/** Ids listed in the figures, conflicts first: they travel in the runs row and alerts. */
const LISTED = 20;
/** A description longer than this is cut in the versions a conflict shows: the fields that differ are named anyway. */
const VERSION_TEXT = 300;

type DuplicateFigure = RunFigures['duplicates'][number];

/**
 * Resolves the run's repeated external ids in its stage, before checks and apply: each duplicated id's records are
 * classified (identical, location-only, conflict: importers/sdk/duplicates.ts) and the first record of the id is
 * rewritten with what the run applies for it (locations merged) when that differs — the apply takes the first
 * record of each id. Idempotent (a retried check finds the same records and writes the same job). Returns the
 * figures of the duplicates check: counts by kind, and the ids (conflicts first, with both versions).
 */
export async function resolveStagedDuplicates(sql: Queryable, runId: string): Promise<Pick<RunFigures, 'duplicates' | 'duplicateTotals'>> {
  const rows = await duplicatedRecords<Job>(sql, runId);
  const totals = { identical: 0, locations: 0, conflicts: 0, extraRecords: 0 };
  const listed: DuplicateFigure[] = [];
  type Row = (typeof rows)[number];
  let group: Row[] = [];
  const flush = async (): Promise<void> => {
    const [first] = group;
    if (first === undefined) return;
    const resolution = resolveDuplicates(group.map((r) => r.job));
    totals.extraRecords += group.length - 1;
    totals[resolution.kind === 'conflict' ? 'conflicts' : resolution.kind] += 1;
    if (resolution.job.contentHash !== first.job.contentHash) {
      await rewriteStagedJob(sql, runId, first.seq, resolution.job);
    }
    listed.push({
      externalId: first.externalId,
      count: group.length,
      kind: resolution.kind,
      ...(resolution.conflict ? { fields: resolution.conflict.fields, versions: resolution.conflict.versions.map(shortened) as [unknown, unknown] } : {}),
    });
    group = [];
  };
  for (const row of rows) {
    if (group.length > 0 && group[0]!.externalId !== row.externalId) await flush();
    group.push(row);
  }
  await flush();
  const order: Record<DuplicateKind, number> = { conflict: 0, locations: 1, identical: 2 };
  listed.sort((a, b) => order[a.kind ?? 'conflict'] - order[b.kind ?? 'conflict'] || b.count - a.count || a.externalId.localeCompare(b.externalId));
  return { duplicates: listed.slice(0, LISTED), duplicateTotals: totals };
}

function shortened(job: Job): Job {
  return job.description.length <= VERSION_TEXT ? job : { ...job, description: `${job.description.slice(0, VERSION_TEXT)}…` };
}
