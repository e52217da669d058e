// The ways of running one extraction that the compartment bench compares (scripts/bench/compartment.ts): each
// takes an extraction job and runs it to its end in a fresh process or thread, as the worker would.
import { fork } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, type Plugin } from 'esbuild';
import { compartmentBuildOptions, compartmentBundle } from '../../activities/compartment/bundle';
import type { ChildMessage, ExtractionJob } from '../../activities/compartment/protocol';
import { COMPARTMENT_V8_FLAGS, runExtraction } from '../../activities/compartment/run-extraction';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../../activities/compartment/child.ts', import.meta.url));
export const HEAP_MB = 512;

export interface Extracted {
  records: number;
  valid: number;
  /** The failure or the way the compartment died, when it did not stage its records. */
  error?: string;
}

export interface Variant {
  name: string;
  /** Size of the JavaScript it loads, in bytes (null: TypeScript compiled at run time). */
  bytes: number | null;
  run(job: ExtractionJob): Promise<Extracted>;
}

type Importer = 'multiposting-xml' | 'demo-careers';

function outcomeOf(message: ChildMessage): Extracted | null {
  if (message.type === 'done') return { records: message.summary.records, valid: message.summary.valid };
  if (message.type === 'failed') return { records: 0, valid: 0, error: `${message.failure.type}: ${message.failure.message}` };
  return null;
}

/** A fresh child process on `file`, as run-extraction.ts forks one (no spare: its start-up is part of the cost). */
function inProcess(file: string, args: string[], execArgv: string[]): Variant['run'] {
  return (job) =>
    new Promise((resolve) => {
      const child = fork(file, args, { cwd: ROOT, execArgv: [...execArgv, `--max-old-space-size=${HEAP_MB}`, ...COMPARTMENT_V8_FLAGS], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
      let outcome: Extracted | null = null;
      child.on('message', (message: ChildMessage) => (outcome = outcomeOf(message) ?? outcome));
      child.on('exit', (code, signal) => resolve(outcome ?? { records: 0, valid: 0, error: `exited (${signal ?? `code ${code}`}) ${stderr.trim()}` }));
      child.send({ type: 'start', job });
    });
}

// child.ts talks to its parent through process.send and process 'message': in a thread, both go through parentPort.
const THREAD_SHIM = `
const { parentPort } = require('node:worker_threads');
process.send = (message, _handle, _options, callback) => { parentPort.postMessage(message); if (typeof callback === 'function') callback(null); return true; };
process.disconnect = () => parentPort.close();
const listen = () => parentPort.once('message', (message) => process.emit('message', message));
`;

/** A fresh worker thread with a heap limit, running `load` (code after THREAD_SHIM that loads the compartment). */
function inThread(load: string, argv: string[]): Variant['run'] {
  return (job) =>
    new Promise((resolve) => {
      const worker = new Worker(THREAD_SHIM + load, { eval: true, argv, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
      let outcome: Extracted | null = null;
      let error = '';
      worker.on('message', (message: ChildMessage) => (outcome = outcomeOf(message) ?? outcome));
      worker.on('error', (err) => (error = err.message));
      worker.on('exit', (code) => resolve(outcome ?? { records: 0, valid: 0, error: `thread exited (code ${code}) ${error}` }));
      worker.postMessage({ type: 'start', job });
    });
}

/** Replaces the registry by one holding only `importer`: what a bundle split by importer would load for its runs. */
function onlyImporter(importer: Importer): Plugin {
  const [file, name] = importer === 'demo-careers' ? ['importers/demo-careers/index.ts', 'demoCareers'] : ['importers/multiposting-xml/index.ts', 'multipostingXml'];
  return {
    name: 'only-importer',
    setup(build) {
      build.onResolve({ filter: /importers\/registry$/ }, () => ({ path: 'registry', namespace: 'only-importer' }));
      build.onLoad({ filter: /.*/, namespace: 'only-importer' }, () => ({
        resolveDir: ROOT,
        loader: 'ts',
        contents: `import { ${name} as importer } from ${JSON.stringify(path.join(ROOT, file))};
          const registry = new Map([[importer.key, importer]]);
          export async function loadRegistry() { return registry; }`,
      }));
    },
  };
}

async function bundle(dir: string, name: string, format: 'cjs' | 'esm', plugins: Plugin[] = []): Promise<{ file: string; bytes: number }> {
  const result = await build({ ...compartmentBuildOptions(CHILD, ROOT, format), plugins, write: false });
  const text = result.outputFiles[0]!.contents;
  const file = path.join(dir, `${name}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
  writeFileSync(file, text);
  return { file, bytes: text.length };
}

/** Every variant measured, for the runs of `importer`; the bundles they need are built into `dir`. */
export async function variantsFor(importer: Importer, dir: string): Promise<Variant[]> {
  mkdirSync(dir, { recursive: true });
  const code = compartmentBundle(CHILD, ROOT);
  if (!code) throw new Error('the compartment bundle could not be built (see the warning above)');
  const esm = await bundle(dir, 'child', 'esm');
  const split = await bundle(dir, `only-${importer}`, 'esm', [onlyImporter(importer)]);
  const splitCjs = await bundle(dir, `only-${importer}`, 'cjs', [onlyImporter(importer)]);
  const bundleBytes = statSync(code.bundle).size;
  const bootInThread = `require(${JSON.stringify(code.boot)}); listen();`;
  return [
    { name: 'process, tsx (the original compartment)', bytes: null, run: inProcess(CHILD, [], ['--import', 'tsx']) },
    { name: '(a) process, ES module bundle (before)', bytes: esm.bytes, run: inProcess(esm.file, [], []) },
    { name: '(b) process, ES module bundle of this importer alone', bytes: split.bytes, run: inProcess(split.file, [], []) },
    { name: '(c) worker thread, ES module bundle', bytes: esm.bytes, run: inThread(`import(${JSON.stringify(pathToFileURL(esm.file).href)}).then(listen);`, []) },
    { name: '(d) process, CommonJS bundle + V8 code cache (after)', bytes: bundleBytes, run: (job) => runExtraction(job, { limits: { timeoutMs: 120_000, maxHeapMb: HEAP_MB } }).then(fromOutcome) },
    { name: '(e) worker thread, CommonJS bundle + V8 code cache', bytes: bundleBytes, run: inThread(bootInThread, [code.bundle, code.cacheFor(['thread', ...process.execArgv])]) },
    { name: '(f) process, this importer alone + V8 code cache', bytes: splitCjs.bytes, run: inProcess(code.boot, [splitCjs.file, `${splitCjs.file}.v8cache`], []) },
  ];
}

function fromOutcome(outcome: Awaited<ReturnType<typeof runExtraction>>): Extracted {
  return outcome.ok ? { records: outcome.summary.records, valid: outcome.summary.valid } : { records: 0, valid: 0, error: `${outcome.failure.type}: ${outcome.failure.message}` };
}
