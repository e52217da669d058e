// The compartment's per-record work on the bench's 50k feed, in this process, with a digest of every record: CPU
// seconds of extraction (fetch + XML parse + mapping) and of normalisation (normaliseExtracted, the record text scan,
// jobJson), and a file of one line per record that two versions of the code must produce identically.
//
//   node --import tsx scripts/bench/extract-ab.ts [--jobs 50000] [--feed FILE] [--out DIGEST] [--repeat 3]
//
// Run it on two checkouts against the same feed file and compare the digests (`cmp`): 0 differences means the same
// raw records, the same normalised jobs and the same content hashes. `--cpu-prof` on node profiles the same path.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { multipostingXml } from '../../importers/multiposting-xml';
import { createExtractContext, type ExtractedJob, jobJson, normaliseExtracted, RecordTextScan } from '../../importers/sdk';
import { startFeedServer, writeFeed } from './feed';
import { FETCH_POLICY } from './import-bench';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '50000' },
    feed: { type: 'string' },
    out: { type: 'string' },
    repeat: { type: 'string', default: '3' },
  },
});
const jobs = Number(values.jobs);
const feedFile = values.feed ?? path.join(os.tmpdir(), 'liaison-extract-ab', `feed-${jobs}.xml`);

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const load = (): string => (os.loadavg()[0] ?? 0).toFixed(2);

async function extractAll(url: string): Promise<ExtractedJob[]> {
  const ctx = createExtractContext({ ...FETCH_POLICY, allowPrivate: ['127.0.0.1/32'] });
  const items: ExtractedJob[] = [];
  try {
    for await (const item of multipostingXml.extract(ctx, multipostingXml.configSchema.parse({ feedUrl: url }))) items.push(item);
  } finally {
    await ctx.close();
  }
  return items;
}

async function main(): Promise<void> {
  if (!existsSync(feedFile)) {
    await mkdir(path.dirname(feedFile), { recursive: true });
    await writeFeed(feedFile, { jobs, prefix: 'A' });
  }
  const server = await startFeedServer();
  const url = server.serve('a', feedFile);
  const { origin } = new URL(url);
  try {
    for (let round = 1; round <= Number(values.repeat); round++) {
      const loadBefore = load();
      let cpu = cpuMs();
      const items = await extractAll(url);
      const extractCpu = cpuMs() - cpu;
      cpu = cpuMs();
      const scan = new RecordTextScan();
      const lines: string[] = [];
      for (const [i, item] of items.entries()) {
        const result = normaliseExtracted(item);
        if (result.ok) scan.add(result.job, item.sourceUrl);
        const text = result.ok ? jobJson(result.job) : JSON.stringify(result.errors);
        if (values.out !== undefined && round === 1) {
          // The feed server's port changes from run to run: the URLs are compared without it.
          const raw = createHash('sha256').update(JSON.stringify(item.raw).replaceAll(origin, 'ORIGIN')).update('\n').update(item.sourceUrl.replace(origin, 'ORIGIN')).digest('hex');
          const job = createHash('sha256').update(text).digest('hex');
          lines.push(`${i + 1} ${String(item.raw.externalId)} ${raw} ${job} ${result.ok ? result.job.contentHash : 'invalid'}`);
        }
      }
      const normaliseCpu = cpuMs() - cpu;
      const note = scan.note();
      if (values.out !== undefined && round === 1) {
        lines.push(`note ${note === null ? 'none' : note.message}`);
        await writeFile(values.out, `${lines.join('\n')}\n`);
      }
      console.log(
        `round ${round}: ${items.length} records; CPU extract ${(extractCpu / 1000).toFixed(2)} s, normalise ${(normaliseCpu / 1000).toFixed(2)} s ` +
          `(load ${loadBefore} → ${load()})`,
      );
    }
  } finally {
    await server.close();
  }
}

await main();
