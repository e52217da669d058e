import os from 'node:os';
import { type ActivityInterceptorsFactory, type NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { extractionTaskQueue, WORKER_ROLES, type WorkerRole } from '../../contracts';
import { heartbeatWhileRunning } from '../../platform/heartbeat';
import { activityLogging, type Logger } from '../../platform/logger';
import { redactActivityFailures } from '../../platform/redact-failures';
import { prebuiltWorkflowBundle } from './workflow-bundle';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  /** The main queue; extractions are polled on `extractionTaskQueue(taskQueue)`. */
  taskQueue: string;
  deps: ActivityDeps;
  /** The workflows' bundle; `prebuiltWorkflowBundle()` (cached by source hash, built on a miss) when unset. */
  workflowBundle?: { codePath: string };
  /** Worker identity shown in Temporal UI. */
  identity?: string;
  /** Further activity interceptors, after the platform's (tests register their fault injection this way). */
  activityInterceptors?: ActivityInterceptorsFactory[];
  /** Structured logs of every activity (import, run and workflow ids); none in tests unless given. */
  logger?: Logger;
  /** What this process polls (WORKER_ROLES); both by default. */
  roles?: readonly WorkerRole[];
  /** Extractions (compartments) this process runs at once; `defaultExtractionConcurrency` when unset. */
  extractionConcurrency?: number;
}

/** One Liaison worker process: a Temporal worker per role it plays, run and shut down together. */
export interface LiaisonWorker {
  readonly workers: readonly Worker[];
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * Compartments this machine can run at once: one per core (a compartment is mostly CPU: parse and normalise), and
 * no more than half the memory allows at the compartment's heap cap plus Node's own ≈ 100 MB.
 */
export function defaultExtractionConcurrency(maxHeapMb: number): number {
  const byMemory = Math.floor((os.totalmem() / 1024 ** 2) * 0.5 / (maxHeapMb + 100));
  return Math.max(1, Math.min(os.availableParallelism(), byMemory));
}

/**
 * The Liaison worker. Orchestration: every workflow of workflows/ and every activity on the main queue (extractRun
 * too, for runs started before the 'extraction-queue' patch). Extraction: extractRun alone on the extraction queue,
 * bounded to `extractionConcurrency` compartments at once.
 */
export async function createWorker(options: WorkerOptions): Promise<LiaisonWorker> {
  const roles = options.roles ?? WORKER_ROLES;
  const extractionConcurrency = options.extractionConcurrency ?? defaultExtractionConcurrency(options.deps.compartment.limits.maxHeapMb);
  const { compartment } = options.deps;
  // Compartments share this process's connection slots: one per compartment unless fewer are configured.
  const activities = createActivities({ ...options.deps, compartment: { ...compartment, dbConnections: compartment.dbConnections ?? extractionConcurrency } });
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    ...(options.identity ? { identity: options.identity } : {}),
    // Heartbeats reach Temporal every 3 s whatever the timeout (the SDK's default is 80 % of it): a 10 s heartbeat
    // timeout then leaves three beats of slack on a loaded machine (workflows/import-run.ts, 'fast-failover').
    maxHeartbeatThrottleInterval: '3 seconds',
    // Failures are masked before Temporal records them (platform/redact-failures.ts). Activities scheduled with a heartbeat
    // timeout are beaten while they run, but for the extraction: it reports its progress itself.
    interceptors: {
      activity: [...(options.logger ? [activityLogging(options.logger)] : []), heartbeatWhileRunning({ except: ['extractRun'] }), redactActivityFailures, ...(options.activityInterceptors ?? [])],
    },
  };
  const workers: Worker[] = [];
  try {
    if (roles.includes('orchestration')) {
      workers.push(
        await Worker.create({
          ...common,
          taskQueue: options.taskQueue,
          workflowBundle: options.workflowBundle ?? (await prebuiltWorkflowBundle(options.logger ? { logger: options.logger } : {})),
          activities,
        }),
      );
    }
    if (roles.includes('extraction')) {
      workers.push(
        await Worker.create({
          ...common,
          taskQueue: extractionTaskQueue(options.taskQueue),
          activities: { extractRun: activities.extractRun },
          maxConcurrentActivityTaskExecutions: extractionConcurrency,
        }),
      );
    }
  } catch (err) {
    for (const worker of workers) worker.shutdown();
    throw err;
  }
  return {
    workers,
    run: async () => {
      // One stopping (a fatal error) stops the others: the process then exits and its supervisor restarts it.
      const runs = workers.map((worker) =>
        worker.run().catch((err: unknown) => {
          for (const other of workers) if (other !== worker && other.getState() === 'RUNNING') other.shutdown();
          throw err;
        }),
      );
      await Promise.all(runs);
    },
    shutdown: () => {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
