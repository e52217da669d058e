// The least a cold run that can be quarantined and reverted must write, done straight in SQL with nothing else
// running: the records staged before the checks (COPY into an unlogged copy of run_records), the jobs inserted from
// the stage into a copy of `jobs` (its indexes, no foreign keys), and one change-log row per created job. No
// parsing, no normalising, no workflow. COPY ÷ this is the best "cold ÷ COPY" ratio the design allows.
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import type { Job } from '../../importers/sdk';
import { copyField } from './import-bench';

export interface WriteFloor {
  rows: number;
  stageMs: number;
  jobsMs: number;
  changesMs: number;
  wallMs: number;
}

/** The best of three rounds, as the COPY baseline is. */
export async function measureWriteFloor(databaseUrl: string, jobs: Job[]): Promise<WriteFloor> {
  let best: WriteFloor | null = null;
  for (let round = 0; round < 3; round++) {
    const floor = await writeFloorOnce(databaseUrl, jobs);
    if (best === null || floor.wallMs < best.wallMs) best = floor;
  }
  return best!;
}

async function writeFloorOnce(databaseUrl: string, jobs: Job[]): Promise<WriteFloor> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const runId = randomUUID();
  const importId = randomUUID();
  try {
    await sql`drop table if exists bench_floor_stage, bench_floor_jobs, bench_floor_changes`;
    await sql`create unlogged table bench_floor_stage (like run_records including all)`;
    await sql`create table bench_floor_jobs (like jobs including all)`;
    await sql`create table bench_floor_changes (like job_changes including all)`;
    const chunks: string[] = [];
    for (let i = 0; i < jobs.length; i += 1000) {
      chunks.push(
        jobs
          .slice(i, i + 1000)
          .map((j, k) => [runId, String(i + k + 1), j.externalId, 't', JSON.stringify(j), j.contentHash, null, null, 'http://127.0.0.1/feed.xml'].map(copyField).join('\t') + '\n')
          .join(''),
      );
    }
    const start = performance.now();
    const stream = await sql`copy bench_floor_stage (run_id, seq, external_id, valid, job, content_hash, raw, errors, source_url) from stdin`.writable();
    for (const chunk of chunks) if (!stream.write(chunk)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
    await sql`select 1`;
    const staged = performance.now();
    let jobsEnd = staged;
    await sql.begin(async (tx) => {
      await tx`create temp table floor_ids on commit drop as
        with inserted as (
          insert into bench_floor_jobs (import_id, environment, external_id, status, data, content_hash, created_by_run, last_changed_by_run)
          select ${importId}, 'production', external_id, 'open', job, content_hash, ${runId}, ${runId} from bench_floor_stage where run_id = ${runId} and valid
          returning id, content_hash)
        select * from inserted`;
      jobsEnd = performance.now();
      await tx`insert into bench_floor_changes (run_id, job_id, op, before, after)
        select ${runId}, id, 'create', null, jsonb_build_object('status', 'open', 'contentHash', content_hash, 'closedAt', null) from floor_ids`;
    });
    const end = performance.now();
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from bench_floor_jobs`;
    if (row?.n !== jobs.length) throw new Error(`the write floor inserted ${row?.n} jobs, expected ${jobs.length}`);
    return { rows: jobs.length, stageMs: staged - start, jobsMs: jobsEnd - staged, changesMs: end - jobsEnd, wallMs: end - start };
  } finally {
    await sql`drop table if exists bench_floor_stage, bench_floor_jobs, bench_floor_changes`.catch(() => {});
    await sql.end({ timeout: 5 });
  }
}
