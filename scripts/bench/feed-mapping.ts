// The `feed` importer against the xml kind it replaces for multiposting-xml (issue 19's "at most 1.1× today's
// multiposting-xml, in the same memory class"): the same Indeed-shaped feed, served chunked from 127.0.0.1 and
// extracted to raw records (no normalisation, no database), alternately, so load drifts hit both alike.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { feed, feedConfigSchema } from '../../importers/feed';
import { parseSalaryText } from '../../importers/feed/salary-text';
import { createExtractContext, type RawJob, extractXmlFeed, type XmlFieldMap, xmlValue } from '../../importers/sdk';
import { startFeedServer, writeFeed } from './feed';
import type { Section, Target } from './section';

/**
 * Today's multiposting-xml, kept here as the reference the issue measures against: the xml kind's extractXmlFeed
 * with the field map and completion it ran before it became the `indeed` preset.
 */
const XML_KIND_FIELDS: XmlFieldMap = {
  externalId: 'referencenumber',
  title: 'title',
  description: 'description',
  'location.city': 'city',
  'location.region': 'state',
  'location.postalCode': 'postalcode',
  'location.country': 'country',
  employmentType: 'jobtype',
  department: 'category',
  applyUrl: 'url',
  postedAt: 'date',
};
const FULLY_REMOTE = /fully remote|full[- ]remote|100\s*%\s*(remote|t[ée]l[ée]travail)|t[ée]l[ée]travail (complet|total)/i;

export interface FeedMappingFigures {
  jobs: number;
  megabytes: number;
  /** Best of the rounds, ms. */
  xmlKindMs: number;
  feedMs: number;
  /**
   * Best CPU time of this process (user + system), ms: on a machine shared with other work, wall time swings by
   * several times from one round to the next while CPU time mostly does not.
   */
  xmlKindCpuMs: number;
  feedCpuMs: number;
  /** Peak heap growth over the run, MB (sampled every 20 ms). */
  xmlKindHeapMb: number;
  feedHeapMb: number;
}

async function measure(run: () => Promise<number>): Promise<{ ms: number; cpuMs: number; heapMb: number; jobs: number }> {
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const jobs = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  return { ms, cpuMs: (used.user + used.system) / 1000, heapMb: (peak - base) / 1024 ** 2, jobs };
}

export async function runFeedMappingBench(options: { jobs: number; rounds: number; log: (line: string) => void }): Promise<FeedMappingFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liaison-feed-bench-'));
  const server = await startFeedServer();
  const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'], totalTimeoutMs: 600_000, bodyTimeoutMs: 600_000, streamTimeoutMs: 600_000 });
  try {
    const file = path.join(dir, 'feed.xml');
    const bytes = await writeFeed(file, { jobs: options.jobs, prefix: 'F' });
    const url = server.serve('feed', file);
    const config = feedConfigSchema.parse({ feedUrl: url, preset: 'indeed' });
    const xmlKind = async () => {
      let n = 0;
      // The completion multiposting-xml ran after the field map: remote type and free-text salary.
      const map = (item: Parameters<typeof xmlValue>[0], mapped: RawJob): RawJob => ({
        ...mapped,
        location: { ...mapped.location, remote: FULLY_REMOTE.test(xmlValue(item, 'remotetype') ?? '') },
        salary: parseSalaryText(xmlValue(item, 'salary')),
        updatedAt: null,
      });
      for await (const job of extractXmlFeed(ctx, { url, item: 'job', fields: XML_KIND_FIELDS, map })) if (job.raw.externalId !== null) n += 1;
      return n;
    };
    const viaFeed = async () => {
      let n = 0;
      for await (const job of feed.extract(ctx, config)) if (job.raw.externalId !== null) n += 1;
      return n;
    };
    const best = { xml: Infinity, feed: Infinity, xmlCpu: Infinity, feedCpu: Infinity, xmlHeap: 0, feedHeap: 0 };
    for (let round = 0; round < options.rounds; round++) {
      // Alternated, the order swapped each round: warm-up and load drifts hit both alike.
      let a: Awaited<ReturnType<typeof measure>>;
      let b: Awaited<ReturnType<typeof measure>>;
      if (round % 2 === 0) {
        a = await measure(xmlKind);
        b = await measure(viaFeed);
      } else {
        b = await measure(viaFeed);
        a = await measure(xmlKind);
      }
      if (a.jobs !== options.jobs || b.jobs !== options.jobs) throw new Error(`read ${a.jobs} and ${b.jobs} jobs of ${options.jobs}`);
      best.xml = Math.min(best.xml, a.ms);
      best.feed = Math.min(best.feed, b.ms);
      best.xmlCpu = Math.min(best.xmlCpu, a.cpuMs);
      best.feedCpu = Math.min(best.feedCpu, b.cpuMs);
      best.xmlHeap = Math.max(best.xmlHeap, a.heapMb);
      best.feedHeap = Math.max(best.feedHeap, b.heapMb);
      options.log(`  round ${round + 1}: today's multiposting-xml ${a.ms.toFixed(0)} ms (CPU ${a.cpuMs.toFixed(0)}), feed ${b.ms.toFixed(0)} ms (CPU ${b.cpuMs.toFixed(0)})`);
    }
    return { jobs: options.jobs, megabytes: bytes / 1024 ** 2, xmlKindMs: best.xml, feedMs: best.feed, xmlKindCpuMs: best.xmlCpu, feedCpuMs: best.feedCpu, xmlKindHeapMb: best.xmlHeap, feedHeapMb: best.feedHeap };
  } finally {
    await ctx.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatFeedMapping(f: FeedMappingFigures): string {
  return [
    `Feed by configuration: ${f.jobs} jobs (${f.megabytes.toFixed(1)} MB), best of the rounds, extraction only`,
    `  today's multiposting-xml (xml kind + its map): ${f.xmlKindMs.toFixed(0)} ms, CPU ${f.xmlKindCpuMs.toFixed(0)} ms, peak heap +${f.xmlKindHeapMb.toFixed(1)} MB`,
    `  feed, indeed preset, lenient reading:          ${f.feedMs.toFixed(0)} ms, CPU ${f.feedCpuMs.toFixed(0)} ms, peak heap +${f.feedHeapMb.toFixed(1)} MB`,
    `  ratio ${(f.feedMs / f.xmlKindMs).toFixed(2)}× wall, ${(f.feedCpuMs / f.xmlKindCpuMs).toFixed(2)}× CPU (target ≤ 1.10×)`,
  ].join('\n');
}

/** The target: the feed importer at most 1.1× today's multiposting-xml on the same feed. */
export function feedMappingTarget(section: Section<FeedMappingFigures>): Target {
  const name = 'feed importer vs multiposting-xml (extraction)';
  if (!section.ok) return { name, value: null, shown: 'not measured', target: '≤ 1.10×', met: null, note: section.error };
  const ratio = section.figures.feedMs / section.figures.xmlKindMs;
  const cpu = section.figures.feedCpuMs / section.figures.xmlKindCpuMs;
  return { name, value: ratio, shown: `${ratio.toFixed(2)}×`, target: '≤ 1.10×', met: ratio <= 1.1, note: `${cpu.toFixed(2)}× in CPU time` };
}

// `BENCH_ONLY=feed npm run bench` runs this section alone; `node --import tsx scripts/bench/feed-mapping.ts` too.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const jobs = Number(process.env.BENCH_FEED_JOBS ?? 50_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  runFeedMappingBench({ jobs, rounds, log: console.log })
    .then((f) => console.log(formatFeedMapping(f)))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
