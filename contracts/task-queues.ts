/** Task queues polled by the Liaison worker. The API and the worker both import these names. */
export const TASK_QUEUES = {
  /** Lifecycle and run workflows and their activities. */
  imports: 'liaison-imports',
} as const;

export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

/**
 * The queue of extractions that go with a workflow task queue: extraction is the one heavy, bounded resource (a
 * compartment process each), so it is polled apart, with its own concurrency limit, by workers that may run on other
 * machines; workflow tasks and short database steps on the main queue never wait behind it.
 */
export const extractionTaskQueue = (taskQueue: string): string => `${taskQueue}-extraction`;

/** What a worker process polls (WORKER_ROLES): workflows and short activities, extractions, or both. */
export const WORKER_ROLES = ['orchestration', 'extraction'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];
