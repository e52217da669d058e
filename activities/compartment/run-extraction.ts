import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { compartmentBundle } from './bundle';
import type { ChildMessage, ExtractionFailure, ExtractionJob, ExtractionSummary, Observations, Progress } from './protocol';
import { Failure } from '../../contracts/failure-types';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CompartmentLimits {
  /** Wall-clock limit of one extraction, in ms. */
  timeoutMs: number;
  /** V8 old-space limit of the compartment, in MB. */
  maxHeapMb: number;
}

export const DEFAULT_LIMITS: CompartmentLimits = { timeoutMs: 30 * 60_000, maxHeapMb: 512 };

export type ExtractionOutcome = { ok: true; summary: ExtractionSummary } | { ok: false; failure: ExtractionFailure; observations: Observations | null };

/**
 * Runs one extraction in a child process and waits for its result. The child is killed when it exceeds
 * its time limit, when `signal` aborts (the activity was cancelled), and dies by itself past its heap limit;
 * each case comes back as a non-retryable failure naming the importer.
 */
export function runExtraction(
  job: ExtractionJob,
  options: { limits: CompartmentLimits; onProgress?: (progress: Progress) => void; signal?: AbortSignal },
): Promise<ExtractionOutcome> {
  const { limits } = options;
  return new Promise((resolve) => {
    const child = takeCompartment(limits.maxHeapMb);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    let outcome: ExtractionOutcome | null = null;
    let killedFor: 'timeout' | 'cancelled' | null = null;
    const kill = (reason: 'timeout' | 'cancelled') => {
      killedFor = reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), limits.timeoutMs);
    const onAbort = () => kill('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('message', (message: ChildMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') outcome = { ok: true, summary: message.summary };
      else if (message.type === 'failed') outcome = { ok: false, failure: message.failure, observations: message.observations };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (sparesWanted) prepareSpare(limits.maxHeapMb);
      options.signal?.removeEventListener('abort', onAbort);
      if (outcome) return resolve(outcome);
      resolve({ ok: false, failure: deathFailure(job.importerKey, limits, killedFor, code, signal, stderr), observations: null });
    });
    child.send({ type: 'start', job });
  });
}

/**
 * A compartment booted ahead of the next extraction. Starting one (Node, the compiled bundle, the packages it
 * loads) takes a fraction of a second of CPU, once ≈ 1.5 s through tsx; the spare spends it between runs instead. Every
 * extraction still gets a fresh process of its own: only its start-up happens early. Unreferenced while it
 * waits, so it never keeps the worker alive; it exits when the worker does (its IPC channel closes).
 */
let spare: { child: ChildProcess; maxHeapMb: number } | null = null;
/** Set by `prepareCompartment` (a worker process): spares are a worker's, not every caller's. */
let sparesWanted = false;

/**
 * V8 flags of every compartment. `--liftoff-only`: undici parses HTTP with llhttp compiled to WebAssembly, and V8's
 * optimising compiler took ≈ 0.1 CPU-s of every compartment (background threads, measured with
 * `npm run bench -- compartment-profile`) to optimise its parser, which a run then uses for a few responses; the
 * baseline compiler's code is slower per byte, but an HTTP parser's share of an extraction is small at any size.
 */
export const COMPARTMENT_V8_FLAGS: readonly string[] = ['--liftoff-only'];

function forkCompartment(maxHeapMb: number): ChildProcess {
  // The compiled bundle run from V8's code cache (bundle.ts, boot.ts); through tsx only if it could not be built.
  const code = compartmentBundle(CHILD, ROOT);
  const execArgv = [...(code ? [] : ['--import', 'tsx']), `--max-old-space-size=${maxHeapMb}`, ...COMPARTMENT_V8_FLAGS];
  return fork(code ? code.boot : CHILD, code ? [code.bundle, code.cacheFor(execArgv)] : [], {
    cwd: ROOT,
    execArgv,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
}

/** Handles that keep the worker's event loop alive: the process, its IPC channel, its stderr pipe. */
function setReferenced(child: ChildProcess, referenced: boolean): void {
  const handles = [child, child.channel, child.stderr as Socket | null];
  for (const handle of handles) {
    if (!handle) continue;
    if (referenced) handle.ref();
    else handle.unref();
  }
}

function takeCompartment(maxHeapMb: number): ChildProcess {
  const taken = spare;
  spare = null;
  if (taken && taken.maxHeapMb === maxHeapMb && taken.child.exitCode === null && taken.child.signalCode === null && taken.child.connected) {
    setReferenced(taken.child, true);
    return taken.child;
  }
  taken?.child.kill('SIGKILL');
  return forkCompartment(maxHeapMb);
}

/**
 * Keeps a spare compartment from now on (a worker starting): one boots now, so that even the first extraction
 * finds one ready, and another after each extraction.
 */
export function prepareCompartment(limits: CompartmentLimits): void {
  sparesWanted = true;
  prepareSpare(limits.maxHeapMb);
}

/**
 * Stops keeping spares (a worker shutting down) and ends the one waiting; returns its pid, if there was one. Without
 * this a spare lives until this process exits, beside a stack that is being taken down, and an extraction ending
 * during the shutdown would boot another.
 */
export async function stopSpares(): Promise<number | null> {
  sparesWanted = false;
  const waiting = spare;
  spare = null;
  if (!waiting) return null;
  const { child } = waiting;
  if (child.exitCode !== null || child.signalCode !== null) return child.pid ?? null;
  // Referenced again while it dies: an unreferenced child's exit is no reason for Node to wait, and a caller with
  // nothing else pending would end without its 'exit' (the bench's report was lost that way).
  setReferenced(child, true);
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
  return child.pid ?? null;
}

function prepareSpare(maxHeapMb: number): void {
  if (spare) return;
  const child = forkCompartment(maxHeapMb);
  setReferenced(child, false);
  // Its stderr is read once it runs an extraction; until then nothing is kept.
  child.stderr?.resume();
  child.on('exit', () => {
    if (spare?.child === child) spare = null;
  });
  spare = { child, maxHeapMb };
}

function deathFailure(
  importerKey: string,
  limits: CompartmentLimits,
  killedFor: 'timeout' | 'cancelled' | null,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): ExtractionFailure {
  if (killedFor === 'timeout') {
    return { type: Failure.ImporterTimeout, retryable: false, message: `Importer "${importerKey}" ran longer than ${Math.round(limits.timeoutMs / 1000)} s and was stopped` };
  }
  if (killedFor === 'cancelled') {
    // Cancelled by the workflow (the cancellation wins whatever we say) or by a worker shutting down: then a
    // retry on another worker must follow, so this is not a permanent failure.
    return { type: Failure.ImporterCancelled, retryable: true, message: `Importer "${importerKey}" was stopped: the run was cancelled or its worker shut down` };
  }
  if (/heap out of memory|Allocation failed/i.test(stderr)) {
    return { type: Failure.ImporterOutOfMemory, retryable: false, message: `Importer "${importerKey}" exceeded its ${limits.maxHeapMb} MB memory limit and was stopped` };
  }
  const tail = stderr.trim().split('\n').slice(-5).join('\n');
  return {
    type: Failure.ImporterCrashed,
    retryable: false,
    message: `Importer "${importerKey}" exited unexpectedly (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`,
  };
}
