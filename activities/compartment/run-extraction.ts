import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ExtractionFailure, ExtractionJob, ExtractionSummary, Observations, Progress } from './protocol';

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
    const child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${limits.maxHeapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
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
      options.signal?.removeEventListener('abort', onAbort);
      if (outcome) return resolve(outcome);
      resolve({ ok: false, failure: deathFailure(job.importerKey, limits, killedFor, code, signal, stderr), observations: null });
    });
    child.send({ type: 'start', job });
  });
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
    return { type: 'ImporterTimeout', retryable: false, message: `Importer "${importerKey}" ran longer than ${Math.round(limits.timeoutMs / 1000)} s and was stopped` };
  }
  if (killedFor === 'cancelled') {
    // Cancelled by the workflow (the cancellation wins whatever we say) or by a worker shutting down: then a
    // retry on another worker must follow, so this is not a permanent failure.
    return { type: 'ImporterCancelled', retryable: true, message: `Importer "${importerKey}" was stopped: the run was cancelled or its worker shut down` };
  }
  if (/heap out of memory|Allocation failed/i.test(stderr)) {
    return { type: 'ImporterOutOfMemory', retryable: false, message: `Importer "${importerKey}" exceeded its ${limits.maxHeapMb} MB memory limit and was stopped` };
  }
  const tail = stderr.trim().split('\n').slice(-5).join('\n');
  return {
    type: 'ImporterCrashed',
    retryable: false,
    message: `Importer "${importerKey}" exited unexpectedly (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`,
  };
}
