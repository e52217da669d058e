// The compartment's work taken apart, in this process: fetch + XML parse + field mapping, then normaliseJob (and its
// costliest parts), then StageWriter alone. Their sum against a run's extract phase says where that phase goes.
import postgres from 'postgres';
import { randomUUID } from 'node:crypto';
import { StageWriter } from '../../activities/compartment/stage-writer';
import { multipostingXml } from '../../importers/multiposting-xml';
import { contentHash, createExtractContext, type ExtractedJob, type Job, jobSchema, normaliseJob, sanitiseHtml } from '../../importers/sdk';
import { FETCH_POLICY, type Rate } from './import-bench';

export interface PipelineFigures {
  jobs: number;
  /** Fetch + saxes parse + field mapping (the importer's `extract`), no normalisation. */
  extractMs: number;
  /** normaliseJob over the extracted records. */
  normaliseMs: number;
  /** CPU time (user + system) of this process over the same two steps: less skewed than wall by a busy machine. */
  cpu: { extractMs: number; normaliseMs: number };
  /** Parts of normaliseJob timed alone over the same records (they are inside normaliseMs). */
  parts: { sanitiseHtmlMs: number; contentHashMs: number; zodMs: number };
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export async function probePipeline(feedUrl: string): Promise<{ figures: PipelineFigures; jobs: Job[] }> {
  const ctx = createExtractContext({ ...FETCH_POLICY, allowPrivate: ['127.0.0.1/32'] });
  const items: ExtractedJob[] = [];
  let start = performance.now();
  let cpuStart = cpuMs();
  try {
    for await (const item of multipostingXml.extract(ctx, multipostingXml.configSchema.parse({ feedUrl }))) items.push(item);
  } finally {
    await ctx.close();
  }
  const extractMs = performance.now() - start;
  const extractCpuMs = cpuMs() - cpuStart;

  start = performance.now();
  cpuStart = cpuMs();
  const jobs: Job[] = [];
  for (const item of items) {
    const result = normaliseJob(item.raw, { baseUrl: item.sourceUrl });
    if (!result.ok) throw new Error(`invalid generated job ${String(item.raw.externalId)}: ${JSON.stringify(result.errors)}`);
    jobs.push(result.job);
  }
  const normaliseMs = performance.now() - start;
  const normaliseCpuMs = cpuMs() - cpuStart;

  const time = (step: () => void): number => {
    const t = performance.now();
    step();
    return performance.now() - t;
  };
  const parts = {
    sanitiseHtmlMs: time(() => items.forEach((i) => sanitiseHtml(i.raw.description ?? '', i.sourceUrl))),
    contentHashMs: time(() => jobs.forEach((j) => contentHash(j))),
    zodMs: time(() => jobs.forEach((j) => jobSchema.safeParse(j))),
  };
  return { figures: { jobs: jobs.length, extractMs, normaliseMs, cpu: { extractMs: extractCpuMs, normaliseMs: normaliseCpuMs }, parts }, jobs };
}

/**
 * The compartment's staging step alone: StageWriter (one COPY stream, chunks of up to 1000 rows) writing
 * already normalised jobs into run_records for a throwaway run, over one connection like the compartment's.
 */
export async function stagingAlone(databaseUrl: string, importId: string, jobs: Job[], sourceUrl: string): Promise<Rate> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const [run] = await sql<{ id: string }[]>`insert into runs (id, import_id, environment, workflow_id, importer_key)
    values (gen_random_uuid(), ${importId}, 'staging', ${`bench-staging-probe-${randomUUID()}`}, 'multiposting-xml') returning id`;
  try {
    const writer = new StageWriter(sql, run!.id, 1000);
    const start = performance.now();
    await writer.clear();
    let seq = 0;
    for (const job of jobs) {
      seq += 1;
      await writer.add({ seq, externalId: job.externalId, valid: true, job, contentHash: job.contentHash, raw: null, errors: null, sourceUrl });
    }
    await writer.flush();
    const wallMs = performance.now() - start;
    return { rows: jobs.length, wallMs, rowsPerSec: jobs.length / (wallMs / 1000) };
  } finally {
    await sql`delete from run_records where run_id = ${run!.id}`;
    // Runs are history (never deleted): the probe's is left discarded, in the staging environment the runs don't use.
    await sql`update runs set status = 'discarded', finished_at = now() where id = ${run!.id}`;
    // Its dead rows would otherwise bring autovacuum onto run_records during the next (measured) run.
    await sql`vacuum analyze run_records`;
    await sql.end({ timeout: 5 });
  }
}
