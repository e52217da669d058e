// One import's code must never take the others down: each extraction runs in a compartment (a child
// process with time and heap limits). Deliberately runaway importers are stopped with a clear,
// non-retryable error naming them, while a healthy import on the same worker completes.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCompartment, stopSpares } from '../activities/compartment/run-extraction';
import type { ImportRunResult } from '../contracts';
import { alerts, jobs, runs } from '../db/schema';
import { makeJobs, startFeedServer } from './support/feed-server';
import { configuredImport, RUNAWAY_IMPORTERS, startRun } from './support/runs';
import { useStack } from './support/use-stack';

// The time limit leaves the healthy import room even on a loaded 2-core machine, where the endless loop
// and the memory hog each hold a core while it runs.
const stack = useStack({ worker: { limits: { timeoutMs: 15_000, maxHeapMb: 128 }, importerModules: [RUNAWAY_IMPORTERS] } });
let feed: Awaited<ReturnType<typeof startFeedServer>>;

beforeAll(async () => {
  feed = await startFeedServer(makeJobs(20, 'H'));
});

afterAll(async () => {
  await feed?.close();
});

async function failureOf(handle: Awaited<ReturnType<typeof startRun>>) {
  const error = (await handle.result().catch((e: unknown) => e)) as Error & { cause?: Error & { type?: string } };
  return error.cause!;
}

describe('compartments', () => {
  it('stops an endless loop, a memory hog and a crashing importer, while a healthy import on the same worker completes', async () => {
    const loop = await configuredImport(stack.ctx, { importerKey: 'test-endless-loop', config: {} });
    const hog = await configuredImport(stack.ctx, { importerKey: 'test-unbounded-memory', config: {} });
    const crash = await configuredImport(stack.ctx, { importerKey: 'test-crashing', config: {} });
    const healthy = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: feed.url } });

    const [loopRun, hogRun, crashRun, healthyRun] = await Promise.all([loop, hog, crash, healthy].map((imp) => startRun(stack.ctx, imp.id)));

    const healthyResult = (await healthyRun!.result()) as ImportRunResult;
    expect(healthyResult).toMatchObject({ outcome: 'applied', counts: { created: 20 } });

    const loopFailure = await failureOf(loopRun!);
    expect(loopFailure).toMatchObject({ type: 'ImporterTimeout', message: 'Importer "test-endless-loop" ran longer than 15 s and was stopped' });
    const hogFailure = await failureOf(hogRun!);
    expect(hogFailure).toMatchObject({ type: 'ImporterOutOfMemory', message: 'Importer "test-unbounded-memory" exceeded its 128 MB memory limit and was stopped' });
    const crashFailure = await failureOf(crashRun!);
    expect(crashFailure.type).toBe('ImporterCrashed');
    expect(crashFailure.message).toMatch(/^TypeError: Cannot read properties of null/);
    // Non-retryable: each extraction failed on its first attempt, no retry was scheduled.
    for (const handle of [loopRun!, hogRun!, crashRun!]) {
      const history = await handle.fetchHistory();
      const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.every((a) => a === 1)).toBe(true);
    }

    for (const imp of [loop, hog, crash]) {
      const [run] = await stack.ctx.database.db.select().from(runs).where(eq(runs.importId, imp.id));
      expect(run!.status).toBe('failed');
      const [alert] = await stack.ctx.database.db.select().from(alerts).where(and(eq(alerts.importId, imp.id), eq(alerts.kind, 'run_failed')));
      expect(alert!.summary).toMatch(new RegExp(`Run failed: Importer(Timeout|OutOfMemory|Crashed): `));
    }
  });

  it('gives every extraction a fresh process, though the next one is started ahead of time', async () => {
    // As the worker process does at start: from now on a spare compartment waits for the next extraction.
    prepareCompartment({ timeoutMs: 15_000, maxHeapMb: 128 });
    const imp = await configuredImport(stack.ctx, { importerKey: 'test-process-state', config: {} });
    const seen: { title: unknown; description: unknown }[] = [];
    for (const _ of [1, 2]) {
      expect(await (await startRun(stack.ctx, imp.id)).result()).toMatchObject({ outcome: 'applied' });
      const [job] = await stack.ctx.database.db.select().from(jobs).where(eq(jobs.importId, imp.id));
      seen.push({ title: job!.data.title, description: job!.data.description });
    }
    expect(seen.map((s) => s.title)).toEqual(['Extraction 1 of its process', 'Extraction 1 of its process']);
    expect(seen[1]!.description).not.toEqual(seen[0]!.description);
  });

  it('ends the spare compartment when the worker stops keeping them', async () => {
    prepareCompartment({ timeoutMs: 15_000, maxHeapMb: 128 });
    const pid = await stopSpares();
    expect(pid).toEqual(expect.any(Number));
    // Reaped: no process by that pid is left (signal 0 only asks whether it exists).
    expect(() => process.kill(pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    // And none is booted again afterwards.
    expect(await stopSpares()).toBeNull();
  });

  it('refuses a configuration that does not fit the importer, naming the field', async () => {
    const imp = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: 'not a url' } });
    const failure = await failureOf(await startRun(stack.ctx, imp.id));
    expect(failure).toMatchObject({ type: 'InvalidConfig' });
    expect(failure.message).toMatch(/^Invalid configuration for importer "multiposting-xml": feedUrl: /);
  });
});
