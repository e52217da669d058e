// `npm run bench -- hostile [filter]`: every case of the hostile corpus (./cases.ts) in a process of its own,
// one at a time, with its outcome, its time to fail (or to parse) and its peak RSS; the expected outcome beside it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CASES, type Expected } from './cases';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const run = promisify(execFile);

interface Measured {
  outcome?: Expected & { message?: string };
  ms?: number;
  sentBytes?: number;
  peakRssKb: number;
}

async function measure(arg: string): Promise<Measured> {
  const env = { ...process.env, FETCH_ALLOW_PRIVATE: process.env.FETCH_ALLOW_PRIVATE ?? '127.0.0.1/8,::1' };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, arg], { env, maxBuffer: 1024 * 1024, timeout: 120_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured;
}

const label = (e: Expected) => ('error' in e ? `error ${e.error}` : 'quarantine' in e ? `quarantine ${e.quarantine}` : `clean ${e.clean}`);
const matches = (expected: Expected, got: Expected) =>
  'error' in expected ? 'error' in got && got.error === expected.error : 'quarantine' in expected ? 'quarantine' in got && got.quarantine.split(',').includes(expected.quarantine) : 'clean' in got && got.clean === expected.clean;

export async function runHostileBench(filter: string | undefined, log: (line: string) => void): Promise<void> {
  const cases = CASES.filter((c) => !filter || c.id.includes(filter));
  const baseline = await measure('--baseline');
  const mb = (kb: number) => (kb / 1024).toFixed(0).padStart(5);
  log(`Hostile corpus: ${cases.length} cases, one process each; a process with nothing run peaks at ${mb(baseline.peakRssKb).trim()} MB RSS`);
  log(`${'case'.padEnd(44)} ${'peak RSS MB'.padStart(11)} ${'time s'.padStart(7)} ${'sent MB'.padStart(8)}  outcome`);
  let worst = { rss: 0, ms: 0, rssCase: '', msCase: '' };
  const wrong: string[] = [];
  for (const c of cases) {
    try {
      const r = await measure(c.id);
      const ok = r.outcome !== undefined && matches(c.expect, r.outcome);
      if (!ok) wrong.push(c.id);
      if (r.peakRssKb > worst.rss) worst = { ...worst, rss: r.peakRssKb, rssCase: c.id };
      if ((r.ms ?? 0) > worst.ms) worst = { ...worst, ms: r.ms ?? 0, msCase: c.id };
      const got = r.outcome ? label(r.outcome) : '?';
      log(`${c.id.padEnd(44)} ${mb(r.peakRssKb).padStart(11)} ${((r.ms ?? 0) / 1000).toFixed(2).padStart(7)} ${((r.sentBytes ?? 0) / 1024 ** 2).toFixed(1).padStart(8)}  ${got}${ok ? '' : `  (expected ${label(c.expect)})`}${c.big ? '  [big]' : ''}`);
    } catch (err) {
      wrong.push(c.id);
      log(`${c.id.padEnd(44)} FAILED TO RUN: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  log(`\nHighest peak RSS: ${mb(worst.rss).trim()} MB (${worst.rssCase}); longest: ${(worst.ms / 1000).toFixed(2)} s (${worst.msCase})`);
  log(wrong.length === 0 ? 'Every case ended as expected.' : `Not as expected: ${wrong.join(', ')}`);
}
