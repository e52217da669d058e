// Scraping: the html importer against crawlee's CheerioCrawler and a bare fetch + cheerio pool (the floor), each in
// a fresh child process per round, on the same local site at the same concurrency.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildResult, Contender } from './scrape-child';
import { type ScrapedJob, startSite } from './site';

const CHILD = fileURLToPath(new URL('./scrape-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CONTENDERS: Contender[] = ['html', 'crawlee', 'floor'];
const CHILD_TIMEOUT_MS = 180_000;

export interface ContenderFigures {
  contender: Contender;
  /** Every round's measure, in run order. */
  runs: { wallMs: number; cpuMs: number; peakRssKb: number; loadMs: number }[];
  /** Medians over the rounds that succeeded; null when none did. */
  wallMs: number | null;
  jobsPerSec: number | null;
  cpuMs: number | null;
  peakRssKb: number | null;
  /** Jobs extracted in the last successful round, and whether every round matched the site's values. */
  extracted: number;
  sameValues: boolean;
  problems: string[];
}

export interface ScrapeFigures {
  jobs: number;
  concurrency: number;
  rounds: number;
  latencyMs: number;
  site: { listPages: number; detailPages: number; listPageBytes: number; detailPageBytes: number };
  contenders: ContenderFigures[];
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function runChild(contender: Contender, listUrl: string, concurrency: number, storageDir: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [contender, listUrl, String(concurrency)], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      // crawlee keeps its request queue in memory (persistStorage: false); anything it still writes goes here.
      env: { ...process.env, CRAWLEE_STORAGE_DIR: storageDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let result: ChildResult | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('message', (message: ChildResult) => {
      result = message;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(
        result ?? { contender, ok: false, error: `child exited (${signal ?? `code ${code}`}) without a result`, loadMs: 0, wallMs: 0, cpuMs: 0, peakRssKb: 0, jobs: [] },
      );
    });
  });
}

/** Differences from the site's own values (first few), or none. */
function compare(got: ScrapedJob[], expected: ScrapedJob[]): string[] {
  const problems: string[] = [];
  if (got.length !== expected.length) problems.push(`${got.length} jobs extracted, ${expected.length} on the site`);
  const byId = new Map(got.map((j) => [j.externalId, j]));
  for (const want of expected) {
    const job = byId.get(want.externalId);
    if (!job) {
      problems.push(`job ${want.externalId} missing`);
    } else {
      for (const key of Object.keys(want) as (keyof ScrapedJob)[]) {
        if (job[key] !== want[key]) problems.push(`job ${want.externalId} ${key}: got ${JSON.stringify(job[key]).slice(0, 80)}, expected ${JSON.stringify(want[key]).slice(0, 80)}`);
      }
    }
    if (problems.length >= 5) break;
  }
  return problems;
}

export async function runScrapeBench(options: {
  jobs: number;
  concurrency: number;
  rounds: number;
  latencyMs: number;
  log: (line: string) => void;
}): Promise<ScrapeFigures> {
  const { concurrency, rounds, log } = options;
  const site = await startSite(options.jobs, options.latencyMs);
  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'liaison-bench-crawlee-'));
  const expected = [...site.jobs].sort((a, b) => a.externalId.localeCompare(b.externalId));
  const results = new Map<Contender, ChildResult[]>(CONTENDERS.map((c) => [c, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      // Rotated order, so no contender always runs first (or last) on a machine that warms up.
      const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length] as Contender);
      for (const contender of order) {
        const result = await runChild(contender, site.listUrl, concurrency, storageDir);
        results.get(contender)?.push(result);
        log(
          result.ok
            ? `  round ${round + 1} ${contender.padEnd(7)} ${(result.wallMs / 1000).toFixed(2)} s, ${result.jobs.length} jobs, peak RSS ${Math.round(result.peakRssKb / 1024)} MB`
            : `  round ${round + 1} ${contender.padEnd(7)} FAILED: ${result.error?.split('\n')[0]}`,
        );
      }
    }
  } finally {
    await site.close();
    await rm(storageDir, { recursive: true, force: true });
  }

  const contenders = CONTENDERS.map((contender): ContenderFigures => {
    const all = results.get(contender) ?? [];
    const ok = all.filter((r) => r.ok);
    const problems = [...new Set(all.flatMap((r) => (r.ok ? compare(r.jobs, expected) : [`failed: ${r.error?.split('\n')[0] ?? 'unknown error'}`])))];
    const wallMs = median(ok.map((r) => r.wallMs));
    return {
      contender,
      runs: all.map((r) => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, peakRssKb: r.peakRssKb, loadMs: r.loadMs })),
      wallMs,
      jobsPerSec: wallMs === null ? null : (ok.at(-1)?.jobs.length ?? 0) / (wallMs / 1000),
      cpuMs: median(ok.map((r) => r.cpuMs)),
      peakRssKb: median(ok.map((r) => r.peakRssKb)),
      extracted: ok.at(-1)?.jobs.length ?? 0,
      sameValues: ok.length === all.length && problems.length === 0,
      problems: problems.slice(0, 5),
    };
  });
  return {
    jobs: options.jobs,
    concurrency,
    rounds,
    latencyMs: options.latencyMs,
    site: { listPages: site.pages, detailPages: site.jobs.length, listPageBytes: site.bytes.list, detailPageBytes: site.bytes.detail },
    contenders,
  };
}
