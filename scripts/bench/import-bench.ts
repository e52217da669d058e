// Feed imports end to end on the real stack: a raw COPY baseline, then importRun workflows on the real worker
// (compartment extraction, checks, apply), with per-phase timings, rows written and the compartment's peak RSS.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import postgres from 'postgres';
import type { ImportRunResult } from '../../contracts';
import { runWorkflowId, WORKFLOW_TYPES } from '../../contracts';
import type { Job } from '../../importers/sdk';
import type { importRun } from '../../workflows/import-run';
import { type DbProbe, type TableCounts } from './db-probe';
import type { BenchStack } from './stack';

/** A 200k feed is ≈ 280 MB and a checks or apply step may hold the stream a while: generous limits, private address. */
export const FETCH_POLICY = { totalTimeoutMs: 600_000, headersTimeoutMs: 30_000, bodyTimeoutMs: 120_000, maxStreamBytes: 2 * 1024 ** 3 };

export interface Rate {
  rows: number;
  wallMs: number;
  rowsPerSec: number;
}

export interface RunFigures {
  label: string;
  outcome: string;
  failedChecks: string[];
  wallMs: number;
  jobsPerSec: number;
  /** From the runs row: workflow start → run row, → extracted_at, → finished_at (= the end of the apply, clock_timestamp()), → end. */
  phases: { startMs: number; extractMs: number; checksMs: number; applyMs: number } | null;
  counts: Record<string, number>;
  /** Set when the run did less than a full extraction and apply (an unchanged source). */
  skipReason: string | null;
  peakRssKb: number | null;
  /** pg_stat_user_tables deltas over the run; `settled` false when the counters had not caught up after 15 s. */
  rows: { jobsInserted: number; jobsUpdated: number; jobChanges: number; runRecords: number; total: number; settled: boolean };
  dbTime: { statement: string; seconds: number }[];
}

/** COPY text format, as activities/compartment/stage-writer.ts writes it. */
export const copyField = (value: string | null): string =>
  value === null ? '\\N' : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/**
 * The machine's write limit (best of three): one COPY of the jobs, shaped like `jobs` rows (same columns, jsonb data), into a
 * logged scratch table without indexes. The text is prepared before the clock starts.
 */
export async function copyBaseline(databaseUrl: string, jobs: Job[]): Promise<Rate & { megabytes: number; textMs: number }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`drop table if exists bench_copy_jobs`;
    await sql`create table bench_copy_jobs (
      import_id uuid not null, environment text not null, external_id text not null, status text not null, data jsonb not null,
      content_hash text not null, created_by_run uuid, last_changed_by_run uuid,
      created_at timestamptz not null default now(), updated_at timestamptz not null default now(), closed_at timestamptz)`;
    const importId = randomUUID();
    // Timed apart: the same JSON.stringify + escaping StageWriter does for every record it stages.
    const textStart = performance.now();
    const chunks: string[] = [];
    for (let i = 0; i < jobs.length; i += 1000) {
      chunks.push(
        jobs
          .slice(i, i + 1000)
          .map((j) => [importId, 'production', j.externalId, 'open', JSON.stringify(j), j.contentHash, null, null].map(copyField).join('\t') + '\n')
          .join(''),
      );
    }
    const textMs = performance.now() - textStart;
    const bytes = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
    // The best of three: the machine's limit, not a round that met a checkpoint or autovacuum.
    let wallMs = Infinity;
    for (let round = 0; round < 3; round++) {
      await sql`truncate bench_copy_jobs`;
      const start = performance.now();
      const stream = await sql`copy bench_copy_jobs (import_id, environment, external_id, status, data, content_hash, created_by_run, last_changed_by_run) from stdin`.writable();
      for (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
      stream.end();
      await once(stream, 'finish');
      wallMs = Math.min(wallMs, performance.now() - start);
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from bench_copy_jobs`;
      if (row?.n !== jobs.length) throw new Error(`COPY wrote ${row?.n} rows, expected ${jobs.length}`);
    }
    await sql`drop table bench_copy_jobs`;
    return { rows: jobs.length, wallMs, rowsPerSec: jobs.length / (wallMs / 1000), megabytes: bytes / 1024 ** 2, textMs };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Files an import (client, import, production config) reading `feedUrl` with the multiposting-xml importer. */
export async function createImport(sql: postgres.Sql, name: string, feedUrl: string): Promise<string> {
  const [client] = await sql<{ id: string }[]>`insert into clients (name) values (${`Bench ${name} ${randomUUID()}`}) returning id`;
  const id = randomUUID();
  await sql`insert into imports (id, client_id, name, kind, source_urls, requested_by)
    values (${id}, ${client!.id}, ${name}, 'xml', ${JSON.stringify([feedUrl])}::jsonb, 'bench')`;
  await sql`insert into import_configs (import_id, environment, importer_key, config, checks, fetch_policy)
    values (${id}, 'production', 'multiposting-xml', ${JSON.stringify({ feedUrl })}::jsonb, '{}'::jsonb, ${JSON.stringify(FETCH_POLICY)}::jsonb)`;
  return id;
}

interface RunRow {
  status: string;
  counts: Record<string, number>;
  observations: { peakRssKb?: number } | null;
  skip_reason: string | null;
  records_from_run: string | null;
  started_ms: number;
  extracted_ms: number | null;
  finished_ms: number | null;
}

/** One importRun workflow to its end, measured. A quarantined run discards itself after 5 s rather than waiting days. */
export async function measureRun(stack: BenchStack, probe: DbProbe, importId: string, label: string): Promise<RunFigures> {
  const before: TableCounts = await probe.tableCounts();
  const sampling = probe.sample();
  const start = Date.now();
  const handle = await stack.client.workflow.start<typeof importRun>(WORKFLOW_TYPES.importRun, {
    workflowId: runWorkflowId(importId, 'production', new Date()),
    taskQueue: stack.taskQueue,
    args: [{ importId, environment: 'production', trigger: 'manual', quarantineTimeout: '5 seconds' }],
  });
  const settledRun = await handle.result().then(
    (value): { ok: true; value: ImportRunResult } => ({ ok: true, value }),
    (error: unknown): { ok: false; error: unknown } => ({ ok: false, error }),
  );
  const end = Date.now();
  const dbTime = await sampling.stop();
  if (!settledRun.ok) throw settledRun.error;
  const result = settledRun.value;
  const [run] = await stack.database.sql<RunRow[]>`
    select status, counts, observations, skip_reason, records_from_run,
      (extract(epoch from started_at) * 1000)::float8 as started_ms, (extract(epoch from extracted_at) * 1000)::float8 as extracted_ms,
      (extract(epoch from finished_at) * 1000)::float8 as finished_ms
    from runs where id = ${result.runId}`;
  // A run that found its source unchanged stages nothing: it stands on an earlier run's records.
  const records = run?.records_from_run ? 0 : (run?.counts.records ?? 0);
  // extractRun, the checks and the apply (or quarantine) each update the run row: once all three backends have
  // published their counters, the apply's writes to jobs are in them too (a backend publishes all tables at once).
  const { delta, settled } = await probe.settledDelta(before, (d) => d.runs.upd >= 3 && d.run_records.ins >= records, 15_000);
  const wallMs = end - start;
  return {
    label,
    outcome: result.outcome,
    failedChecks: result.failedChecks,
    wallMs,
    jobsPerSec: (run?.counts.records ?? 0) / (wallMs / 1000),
    phases:
      run && run.extracted_ms !== null && run.finished_ms !== null
        ? {
            startMs: run.started_ms - start,
            extractMs: run.extracted_ms - run.started_ms,
            checksMs: run.finished_ms - run.extracted_ms,
            applyMs: end - run.finished_ms,
          }
        : null,
    counts: run?.counts ?? {},
    skipReason: run?.skip_reason ?? null,
    peakRssKb: run?.observations?.peakRssKb ?? null,
    rows: {
      jobsInserted: delta.jobs.ins,
      jobsUpdated: delta.jobs.upd,
      jobChanges: delta.job_changes.ins,
      runRecords: delta.run_records.ins,
      total: delta.jobs.ins + delta.jobs.upd + delta.job_changes.ins + delta.run_records.ins,
      settled,
    },
    dbTime: dbTime.slice(0, 6),
  };
}
