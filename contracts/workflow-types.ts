/**
 * The workflow types the worker registers (workflows/index.ts exports a function of each name), to reference from
 * clients, schedules and parent workflows instead of spelling them. contracts/workflow-types.test.ts checks that
 * both lists agree.
 */
export const WORKFLOW_TYPES = {
  importLifecycle: 'importLifecycle',
  importRun: 'importRun',
  productionDeploy: 'productionDeploy',
  revertImportRun: 'revertImportRun',
  importHealth: 'importHealth',
  watchdog: 'watchdog',
  dailyDigest: 'dailyDigest',
} as const;

export type WorkflowType = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];
