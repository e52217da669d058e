import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { activityLogging, type Logger } from '../../platform/logger';
import { redactActivityFailures } from '../../platform/redact';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A bundle made once by `bundleWorkflowCode` (tests); otherwise the worker bundles workflows/ at start. */
  workflowBundle?: { codePath: string };
  /** Worker identity shown in Temporal UI. */
  identity?: string;
  /** Structured logs of every activity (import, run and workflow ids); none in tests unless given. */
  logger?: Logger;
}

/** The Liaison worker: every workflow of workflows/ and every activity, wired to real dependencies. */
export function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(options.deps),
    ...(options.identity ? { identity: options.identity } : {}),
    // Failures are masked before Temporal records them (platform/redact.ts).
    interceptors: { activity: [...(options.logger ? [activityLogging(options.logger)] : []), redactActivityFailures] },
  });
}
