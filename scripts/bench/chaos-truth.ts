// The chaos run's feeds and what they must leave in the database. Each import's feed changes every round (a few jobs
// listed or not, a few titles changed back and forth), so its runs create, update, close and reopen jobs; the truth
// follows the rounds whose run was applied, as the apply does (activities/runs/apply.ts).
import type { FeedSpec } from './feed';

/** Round r of an import: 20, 21 or 22 jobs (the last ones come and go), every 5th title changed in odd rounds. */
export function roundSpec(prefix: string, round: number): FeedSpec {
  return { jobs: 20 + (round % 3), prefix, ...(round % 2 === 1 ? { changeEvery: 5 } : {}) };
}

/** A variant of the feed per distinct spec: rounds r and r + 6 serve the same file. */
export const roundVariant = (round: number): number => round % 6;

export interface ChangeCounts {
  create: number;
  update: number;
  close: number;
  reopen: number;
}

export const totalChanges = (c: ChangeCounts): number => c.create + c.update + c.close + c.reopen;

/** One import's jobs as they must be: open or closed, with the changed title or not. */
export class ImportTruth {
  readonly jobs = new Map<string, { open: boolean; changed: boolean }>();

  constructor(readonly prefix: string) {}

  /** An applied run of `round`: the changes it must have logged, one job_changes row each. */
  apply(round: number): ChangeCounts {
    const spec = roundSpec(this.prefix, round);
    const counts: ChangeCounts = { create: 0, update: 0, close: 0, reopen: 0 };
    const listed = new Set<string>();
    for (let i = 0; i < spec.jobs; i++) {
      const id = `${spec.prefix}-${i}`;
      const changed = spec.changeEvery !== undefined && i % spec.changeEvery === 0;
      listed.add(id);
      const job = this.jobs.get(id);
      if (!job) counts.create += 1;
      else if (!job.open) counts.reopen += 1;
      else if (job.changed !== changed) counts.update += 1;
      this.jobs.set(id, { open: true, changed });
    }
    for (const [id, job] of this.jobs) {
      if (job.open && !listed.has(id)) {
        counts.close += 1;
        job.open = false;
      }
    }
    return counts;
  }
}

/** The title mark of a changed job (scripts/bench/feed.ts `jobXml`). */
export const CHANGED_TITLE = 'poste mis à jour';
