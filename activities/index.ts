import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { createDeployActivities } from './deploy/deploy.activities';
import { createLifecycleActivities } from './lifecycle.activities';
import { createRunActivities, type RunActivityDeps } from './runs/runs.activities';

export interface ActivityDeps extends RunActivityDeps {
  db: Database;
  /** A Temporal client for activities that manage Temporal objects (the lifecycle's staging schedule). */
  temporal?: Client;
}

/** Every activity the worker registers, wired to real dependencies by apps/worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLifecycleActivities(deps),
    ...createRunActivities(deps),
    ...createDeployActivities(deps),
  };
}
