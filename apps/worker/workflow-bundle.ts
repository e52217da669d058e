// The workflows' code, bundled once: Temporal's bundler (webpack) takes 4–40 s of CPU on a loaded machine, and a
// worker used to pay it at every start — a worker restarted after a crash polled only that much later. The bundle is
// written under .data/cache/workflows/workflows-<source hash>.js, keyed by the content of every file workflows/
// imports (found by esbuild in ≈ 0.1 s), the lock file and the Temporal SDK's version: the first process to start a
// worker after a change builds it (`npm start`, `npm test`, the bench), every later one loads the file.
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { buildSync } from 'esbuild';
import { pruneStaleBuilds, STALE_BUILD_AGE_MS } from '../../platform/cache-prune';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKFLOWS_ENTRY = 'workflows/index.ts';

/** Where webpack's warnings go (its info lines are dropped); the SDK's own logger shape. */
export interface BundleLogger {
  warn(message: string): void;
  error(message: string): void;
}

const consoleLogger: BundleLogger = { warn: (m) => console.warn(m), error: (m) => console.error(m) };

/**
 * The prebuilt workflow bundle for `Worker.create({ workflowBundle })`: the cached file when the sources are
 * unchanged, else bundled now and cached. Several processes starting together may each build it; the file is
 * written beside and renamed, so none reads half of it.
 */
export async function prebuiltWorkflowBundle(options: { root?: string; logger?: BundleLogger } = {}): Promise<{ codePath: string }> {
  const root = options.root ?? ROOT;
  const dir = path.join(root, '.data', 'cache', 'workflows');
  const codePath = path.join(dir, `workflows-${workflowSourceHash(root)}.js`);
  try {
    await fs.access(codePath);
    return { codePath };
  } catch {
    // Not built for these sources yet.
  }
  const logger = options.logger ?? consoleLogger;
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(root, WORKFLOWS_ENTRY),
    logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) },
  });
  await fs.mkdir(dir, { recursive: true });
  const partial = `${codePath}.${process.pid}.tmp`;
  await fs.writeFile(partial, bundle.code);
  await fs.rename(partial, codePath);
  // Worker.create reads the bundle once at start, so an old one is needed only by a worker starting right now.
  pruneStaleBuilds(dir, {
    buildOf: (name) => /^(workflows-[0-9a-f]{16}\.js)/.exec(name)?.[1] ?? null,
    current: [path.basename(codePath)],
    keepRecent: 2,
    minAgeMs: STALE_BUILD_AGE_MS,
  });
  return { codePath };
}

/** Hash of what the bundle is made of: every source file reached from workflows/index.ts, the lock file, the SDK. */
export function workflowSourceHash(root: string = ROOT): string {
  const graph = buildSync({
    entryPoints: [WORKFLOWS_ENTRY],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    // Packages are keyed by the lock file and the SDK version below, not read.
    packages: 'external',
    platform: 'neutral',
    format: 'esm',
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  for (const input of Object.keys(graph.metafile.inputs).sort()) {
    hash.update(`${input}\0`).update(readFileSync(path.resolve(root, input))).update('\0');
  }
  // The SDK that bundles is the one this module loads.
  const sdk = createRequire(import.meta.url).resolve('@temporalio/worker/package.json');
  for (const file of [path.join(root, 'package-lock.json'), sdk]) {
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update(`${file}: missing`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
