/** Task queues polled by the Liaison worker. The API and the worker both import these names. */
export const TASK_QUEUES = {
  /** Lifecycle and run workflows and their activities. */
  imports: 'liaison-imports',
} as const;

export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];
