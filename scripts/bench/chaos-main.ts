// `npm run chaos -- [N] [--seed S]`: N runs (200 by default) on two worker processes of the bench's own stack, SIGKILLed
// at random moments (scripts/bench/chaos.ts); exits 1 when an invariant is broken. The seed (CHAOS_SEED, or random)
// is printed: the same seed replays the same kill schedule (the moments the runs reach differ with the machine's load).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatChaos, runChaos } from './chaos';
import { startFeedServer } from './feed';
import { startBenchStack } from './stack';

export async function runChaosMain(args: string[], log: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { seed: { type: 'string' } }, allowPositionals: true });
  const runs = z.coerce.number().int().min(2).parse(positionals[0] ?? '200');
  const seedText = values.seed ?? process.env.CHAOS_SEED;
  const seed = seedText === undefined ? Math.floor(Math.random() * 2 ** 31) : z.coerce.number().int().min(0).parse(seedText);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'liaison-chaos-'));
  const server = await startFeedServer();
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  try {
    log(`▶ Chaos: ${runs} runs, seed ${seed} (replay: npm run chaos -- ${runs} --seed ${seed}) — load average: ${load()}`);
    const stack = await startBenchStack(path.join(workDir, 'stack'), (line) => log(`  [stack] ${line}`), { inProcessWorker: false });
    try {
      const report = await runChaos({ ...stack, sql: stack.database.sql }, server, workDir, { runs, seed, log });
      log(`\n═══ Chaos — ${runs} runs, 2 worker processes, ${os.availableParallelism()} CPUs; load average at the end ${load()} ═══`);
      for (const line of formatChaos(report)) log(line);
      if (report.violations.length > 0) process.exitCode = 1;
    } finally {
      await stack.stop();
    }
  } finally {
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
