import type { Database } from '../db/client';
import { createLifecycleActivities } from './lifecycle.activities';

export interface ActivityDeps {
  db: Database;
}

/** Every activity the worker registers, wired to real dependencies by apps/worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLifecycleActivities(deps),
  };
}
