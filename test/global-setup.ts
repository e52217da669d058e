// One real Temporal dev server and one real PostgreSQL for the whole integration run, shared by every
// test file (each file connects with createFromExistingServer and runs its own worker on its own task
// queue). DATABASE_URL set → a scratch database on that server, dropped at the end; unset → an embedded
// Postgres in a temporary folder. The workflow bundle is the workers' own (apps/worker/workflow-bundle.ts): built
// here when the workflows changed since the last build, else reused from .data/cache, and shared by every file.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { prebuiltWorkflowBundle } from '../apps/worker/workflow-bundle';
import { loadEnv } from '../platform/config';
import { scratchDatabase } from '../platform/database';
import { startDevStack } from '../platform/dev-stack';
import { reportFatal } from '../platform/errors';
import { freePort } from '../platform/ports';
import type { TestStack } from './support/stack';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'liaison-test-'));
  const base = loadEnv({ ...process.env, DATA_DIR: dataDir });
  const scratch = await scratchDatabase(base.DATABASE_URL, 'liaison_test');
  const env = scratch.url ? { ...base, DATABASE_URL: scratch.url } : base;

  const log = (line: string) => console.log(`[test stack] ${line}`);
  const started = Date.now();
  let stack;
  try {
    stack = await startDevStack({
      env,
      temporal: { port: await freePort(), uiPort: null, persistent: false },
      postgres: { port: await freePort(), database: 'liaison', dataDir: path.join(dataDir, 'postgres') },
      log,
    });
  } catch (err) {
    reportFatal(err);
    throw err;
  }
  const { codePath: bundlePath } = await prebuiltWorkflowBundle({ logger: quietLogger });
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const provided: TestStack = {
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: env.TEMPORAL_NAMESPACE,
    workflowBundlePath: bundlePath,
    dataDir,
  };
  project.provide('stack', provided);

  return async () => {
    await stack.stop();
    await scratch.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}

const quietLogger = {
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStack;
  }
}
