import { Inject, Injectable } from '@nestjs/common';
import type postgres from 'postgres';
import { jobView } from '../../../db/job-view';
import {
  activeIncidents,
  incidentRunId,
  latestAppliedRun,
  madeChangeCounts,
  madeChanges,
  openQuestionsFor,
  quarantinedRunsOf,
  wouldChange,
  workItems,
  type DiffRun,
  type WorkItem,
} from '../../../db/queries/console';
import { SQL } from '../common/tokens';

/**
 * The console's reads (db/queries/console.ts), on the API's pool; a run's diff is shaped here for the pages: each
 * job's data through the job view, an update's fields before → after.
 */
@Injectable()
export class ConsoleRepository {
  constructor(@Inject(SQL) private readonly sql: postgres.Sql) {}

  requestedIn = (handle: string, stage: WorkItem['stage']) => workItems(this.sql, { requestedBy: handle, stage });
  assignedTo = (handle: string) => workItems(this.sql, { assignedTo: handle });
  reviewsFor = (handle: string) => workItems(this.sql, { reviewableBy: handle });
  intake = () => workItems(this.sql, { intake: true });
  unassigned = () => workItems(this.sql, { unassigned: true });
  overdue = () => workItems(this.sql, { overdue: true });
  myRequests = (handle: string) => workItems(this.sql, { myRequests: handle });
  questionsFor = (handle: string) => openQuestionsFor(this.sql, handle);
  quarantinedRunsOf = (handle: string) => quarantinedRunsOf(this.sql, handle);
  activeIncidents = (filter: Parameters<typeof activeIncidents>[1] = {}) => activeIncidents(this.sql, filter);
  latestAppliedRun = (importId: string, environment: string) => latestAppliedRun(this.sql, importId, environment);
  incidentRunId = (id: number) => incidentRunId(this.sql, id);

  /**
   * What a run made (its change log) or, staged and not applied yet, would make (the apply's rules over its stage).
   * Paged. "After" of a made change is the job as it is now — exact for the latest run that touched it, the one
   * looked at when deciding a revert or answering an incident.
   */
  async runDiff(run: DiffRun & { status: string }, offset: number, limit: number): Promise<RunDiff> {
    const made = run.status !== 'quarantined';
    const page = { offset, limit };
    const [rows, counts] = made
      ? await Promise.all([madeChanges(this.sql, run.id, page), madeChangeCounts(this.sql, run.id)])
      : [await wouldChange(this.sql, run, page), {}];
    const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown> | null));
    const lines = rows.map((r) => {
      const before = json(r.before);
      const after = json(r.after);
      const a = before ? (jobView(before) as unknown as Record<string, unknown>) : null;
      const b = after ? (jobView(after) as unknown as Record<string, unknown>) : null;
      const fields = r.op === 'update' && a && b ? Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((field) => ({ field, before: a[field], after: b[field] })) : [];
      return { op: r.op, externalId: r.externalId, title: ((b ?? a)?.title as string | undefined) ?? null, fields };
    });
    const total = rows[0]?.total ?? 0;
    return { kind: made ? 'made' : 'would make', counts, lines, offset, limit, total };
  }
}

/** One line of a run's diff (`create`, `update` with the fields that changed before → after, `close`, `reopen`). */
export interface DiffLine {
  op: string;
  externalId: string;
  title: string | null;
  fields: { field: string; before: unknown; after: unknown }[];
}

export interface RunDiff {
  /** `made`: from the change log of an applied run; `would make`: staged records against the jobs (quarantined). */
  kind: 'made' | 'would make';
  counts: Record<string, number>;
  lines: DiffLine[];
  offset: number;
  limit: number;
  total: number;
}
