// `npm run bench`: import and scraping throughput, printed as figures and ratios against the targets
// (no pass/fail exit code), and written to .data/bench/last.json. Scraping runs first, before the stack is up,
// so the Temporal server and Postgres take no CPU from it (the machine has 2 cores).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { openDbProbe } from './db-probe';
import { startFeedServer, writeFeed } from './feed';
import { type FeedMappingFigures, feedMappingTarget, formatFeedMapping, runFeedMappingBench } from './feed-mapping';
import { copyBaseline, createImport, measureRun } from './import-bench';
import { probePipeline, stagingAlone } from './pipeline-probe';
import { type BenchResults, computeTargets, formatImport, formatScrape, formatTargets, type ImportFigures, type Section } from './report';
import { runScrapeBench, type ScrapeFigures } from './scrape-bench';
import { runBurst } from './burst';
import { runHostileBench } from './hostile/bench';
import { runChaosMain } from './chaos-main';
import { runCompartmentBench } from './compartment';
import { runCompartmentProfile } from './compartment-profile';
import { startBenchStack } from './stack';
import { measureWriteFloor } from './write-floor';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Sizes can be lowered for a quick try (BENCH_FEED_JOBS=5000 …); the defaults are the issue's. */
const settings = z
  .object({
    BENCH_FEED_JOBS: count(50_000),
    BENCH_BIG_FEED_JOBS: count(200_000),
    BENCH_SITE_JOBS: count(2_000),
    BENCH_CONCURRENCY: count(4),
    BENCH_ROUNDS: count(5),
    /** Server think time per page of the career site, in ms (0: the local site). */
    BENCH_SITE_LATENCY_MS: z.coerce.number().int().min(0).default(0),
    /** One section only (a quicker try of the other's changes): `import`, `scrape` or `feed` (feed importer vs multiposting-xml). */
    BENCH_ONLY: z.enum(['all', 'import', 'scrape', 'feed']).default('all'),
  })
  .parse(process.env);

const log = (line: string) => console.log(line);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function scrapeSection(): Promise<Section<ScrapeFigures>> {
  log(`\n▶ Scraping: ${settings.BENCH_SITE_JOBS} jobs, concurrency ${settings.BENCH_CONCURRENCY}, ${settings.BENCH_ROUNDS} rounds`);
  try {
    const figures = await runScrapeBench({ jobs: settings.BENCH_SITE_JOBS, concurrency: settings.BENCH_CONCURRENCY, rounds: settings.BENCH_ROUNDS, latencyMs: settings.BENCH_SITE_LATENCY_MS, log });
    return { ok: true, figures };
  } catch (err) {
    return { ok: false, error: errorText(err) };
  }
}

async function feedSection(): Promise<Section<FeedMappingFigures>> {
  log(`\n▶ Feed by configuration: ${settings.BENCH_FEED_JOBS} jobs through feed (indeed preset) and today's multiposting-xml, ${Math.min(settings.BENCH_ROUNDS, 3)} rounds`);
  try {
    return { ok: true, figures: await runFeedMappingBench({ jobs: settings.BENCH_FEED_JOBS, rounds: Math.min(settings.BENCH_ROUNDS, 3), log }) };
  } catch (err) {
    return { ok: false, error: errorText(err) };
  }
}

async function importSection(workDir: string, machine: BenchResults['machine']): Promise<Section<ImportFigures>> {
  const { BENCH_FEED_JOBS: jobs, BENCH_BIG_FEED_JOBS: bigJobs } = settings;
  const label = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
  log(`\n▶ Import: writing feeds`);
  const feedSpecs = [
    { name: `feed-${label(jobs)}`, spec: { jobs, prefix: 'A' } },
    { name: `feed-${label(jobs)}-10pc-changed`, spec: { jobs, prefix: 'A', changeEvery: 10 } },
    { name: `feed-${label(bigJobs)}`, spec: { jobs: bigJobs, prefix: 'B' } },
  ];
  const feeds: ImportFigures['feeds'] = [];
  const files: string[] = [];
  for (const { name, spec } of feedSpecs) {
    const file = path.join(workDir, `${name}.xml`);
    const started = performance.now();
    const bytes = await writeFeed(file, spec);
    feeds.push({ name, jobs: spec.jobs, megabytes: bytes / 1024 ** 2, writeMs: performance.now() - started });
    files.push(file);
  }
  const [small, changed, big] = files as [string, string, string];
  const server = await startFeedServer();
  log(`▶ Import: starting PostgreSQL, Temporal and the worker`);
  const stack = await startBenchStack(path.join(workDir, 'stack'), (line) => log(`  [stack] ${line}`)).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  machine.postgres = stack.postgresVersion;
  const probe = openDbProbe(stack.databaseUrl);
  const problems: string[] = [];
  try {
    const urlA = server.serve('a', small);
    log(`▶ Import: the compartment's work taken apart, in this process (${jobs} jobs)`);
    const { figures: pipeline, jobs: normalised } = await probePipeline(urlA);
    log(`▶ Import: raw COPY baseline`);
    const copy = await copyBaseline(stack.databaseUrl, normalised);
    log(`  ${copy.rows} rows in ${(copy.wallMs / 1000).toFixed(2)} s`);
    log(`▶ Import: the write floor (stage + jobs + change log, in SQL alone)`);
    const floor = await measureWriteFloor(stack.databaseUrl, normalised);
    log(`  ${floor.rows} rows in ${(floor.wallMs / 1000).toFixed(2)} s`);
    const importA = await createImport(stack.database.sql, 'bench-feed-a', urlA);
    log(`▶ Import: StageWriter alone`);
    const staging = await stagingAlone(stack.databaseUrl, importA, normalised, urlA);
    normalised.length = 0; // let the jobs go before the runs

    const runs: ImportFigures['runs'] = {};
    const attempt = async (key: keyof ImportFigures['runs'], importId: string, what: string) => {
      log(`▶ Import run: ${what}`);
      try {
        const r = await measureRun(stack, probe, importId, what);
        runs[key] = r;
        log(`  ${r.outcome} in ${(r.wallMs / 1000).toFixed(1)} s (${JSON.stringify(r.counts)})`);
      } catch (err) {
        problems.push(`${what}: ${errorText(err)}`);
        log(`  FAILED: ${errorText(err)}`);
      }
    };
    await attempt('cold', importA, `cold ${label(jobs)}`);
    await attempt('unchanged', importA, `unchanged re-run ${label(jobs)}`);
    server.serve('a', changed);
    await attempt('changed', importA, `10 % changed re-run ${label(jobs)}`);
    const importB = await createImport(stack.database.sql, 'bench-feed-b', server.serve('b', big));
    await attempt('big', importB, `cold ${label(bigJobs)} (new import)`);
    return { ok: true, figures: { feeds, pipeline, copy, floor, staging, runs, problems } };
  } finally {
    await probe.close();
    await stack.stop();
    await server.close();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const load = () => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const machine: BenchResults['machine'] = { cpus: os.availableParallelism(), node: process.version, postgres: null, loadAverage: { scrape: load(), import: 0, end: 0 } };
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'liaison-bench-'));
  let scrape: Section<ScrapeFigures>;
  let imp: Section<ImportFigures>;
  let feed: Section<FeedMappingFigures>;
  const only = (section: typeof settings.BENCH_ONLY) => settings.BENCH_ONLY === 'all' || settings.BENCH_ONLY === section;
  const skipped = { ok: false as const, error: `skipped (BENCH_ONLY=${settings.BENCH_ONLY})` };
  try {
    scrape = only('scrape') ? await scrapeSection() : skipped;
    // Before the stack starts, like scraping: extraction alone, on CPUs nothing else here uses.
    feed = only('feed') ? await feedSection() : skipped;
    machine.loadAverage.import = load();
    imp = only('import') ? await importSection(workDir, machine).catch((err: unknown): Section<ImportFigures> => ({ ok: false, error: errorText(err) })) : skipped;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  machine.loadAverage.end = load();
  const targets = [...computeTargets(scrape, imp), feedMappingTarget(feed)];
  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    settings: {
      feedJobs: settings.BENCH_FEED_JOBS,
      bigFeedJobs: settings.BENCH_BIG_FEED_JOBS,
      siteJobs: settings.BENCH_SITE_JOBS,
      concurrency: settings.BENCH_CONCURRENCY,
      rounds: settings.BENCH_ROUNDS,
      siteLatencyMs: settings.BENCH_SITE_LATENCY_MS,
    },
    scrape,
    import: imp,
    feed,
    targets,
  };

  log(`\n═══ Liaison benchmark — ${machine.cpus} CPUs, Node ${machine.node}, ${machine.postgres ?? 'PostgreSQL not started'} ═══`);
  const { loadAverage: l } = machine;
  // Only the first reading is free of the bench's own load; a high one means other work shared the CPUs throughout.
  log(`1-min load average: ${l.scrape} before the bench, ${l.import} before the import section, ${l.end} at the end` +
    (l.scrape > machine.cpus / 4 ? ` — the machine was already busy: figures are noisy\n` : '\n'));
  log(scrape.ok ? formatScrape(scrape.figures) : `Scraping: NOT MEASURED — ${scrape.error}`);
  log('');
  log(imp.ok ? formatImport(imp.figures) : `Import: NOT MEASURED — ${imp.error}`);
  log('');
  log(feed.ok ? formatFeedMapping(feed.figures) : `Feed by configuration: NOT MEASURED — ${feed.error}`);
  log('\nTargets');
  log(formatTargets(targets));
  const out = path.join(ROOT, '.data', 'bench', 'last.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(results, null, 2) + '\n');
  log(`\nWritten to ${path.relative(ROOT, out)} (total ${((Date.parse(results.finishedAt) - Date.parse(startedAt)) / 1000).toFixed(0)} s)`);
}

// `npm run bench -- burst <N>`: the burst section alone (scripts/bench/burst.ts); `npm run bench -- hostile [filter]`:
// the hostile corpus's peak RSS and time to fail per case (scripts/bench/hostile/bench.ts); `npm run chaos -- [N] [--seed S]`
// (`bench chaos`): the chaos run (scripts/bench/chaos-main.ts); `npm run bench -- compartment [rounds]`: what one
// extraction costs in each way of running a compartment (scripts/bench/compartment.ts); `npm run bench --
// compartment-profile [runs]`: where a compartment's CPU goes (scripts/bench/compartment-profile.ts).
const [section, ...rest] = process.argv.slice(2);
const sections: Record<string, () => Promise<void>> = {
  burst: () => runBurst(z.coerce.number().int().min(1).parse(rest[0] ?? '1000'), log),
  hostile: () => runHostileBench(rest[0], log),
  chaos: () => runChaosMain(rest, log),
  compartment: () => runCompartmentBench(z.coerce.number().int().min(1).parse(rest[0] ?? '5'), log),
  'compartment-profile': () => runCompartmentProfile(z.coerce.number().int().min(1).parse(rest[0] ?? '5'), log),
};
const entry = (section && sections[section]) || main;

entry().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
