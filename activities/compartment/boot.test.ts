import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compartmentBundle } from './bundle';
import type { ChildMessage, ExtractionJob } from './protocol';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

describe('compartment boot: the V8 code cache', () => {
  // Its own root, so its caches are its own (bundle.test.ts does the same).
  const root = mkdtempSync(path.join(tmpdir(), 'liaison-boot-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** One compartment run to its end: it loads the importer, then fails on the database (nothing listens on port 1). */
  async function runOnce(importerKey: string, config: unknown, cache: string): Promise<ChildMessage | null> {
    const code = compartmentBundle(CHILD, root)!;
    const child = fork(code.boot, [code.bundle, cache], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' });
    let result: ChildMessage | null = null;
    child.on('message', (m: ChildMessage) => (result = m.type === 'progress' ? result : m));
    const job: ExtractionJob = { runId: '00000000-0000-0000-0000-000000000000', importerKey, config, fetchPolicy: {}, databaseUrl: 'postgres://u:p@127.0.0.1:1/none', importerModules: [], batchSize: 10 };
    child.send({ type: 'start', job });
    await once(child, 'exit');
    return result;
  }
  const holds = (cache: string): unknown => JSON.parse(readFileSync(cache, 'utf8').slice(0, readFileSync(cache).indexOf(0x0a)));

  it("says which importers' code it holds, and is written again by the first run of another importer only", async () => {
    const cache = path.join(root, 'test.v8cache');
    const xml = { feedUrl: 'http://127.0.0.1:1/feed.xml' };
    expect(await runOnce('multiposting-xml', xml, cache)).toMatchObject({ type: 'failed' });
    expect(holds(cache)).toEqual(['multiposting-xml']);

    const written = statSync(cache).mtimeMs;
    await runOnce('multiposting-xml', xml, cache);
    expect(statSync(cache).mtimeMs).toBe(written);

    await runOnce('demo-careers', { listUrls: ['http://127.0.0.1:1/jobs'] }, cache);
    expect(holds(cache)).toEqual(['multiposting-xml', 'demo-careers']);
    // A run that loads no importer adds nothing.
    expect(await runOnce('no-such-importer', {}, cache)).toMatchObject({ type: 'failed', failure: { type: 'UnknownImporter' } });
    expect(holds(cache)).toEqual(['multiposting-xml', 'demo-careers']);
  }, 120_000);
});
