import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { createDeployActivities } from './deploy/deploy.activities';
import { createDigestActivities } from './digest/digest.activities';
import { createIncidentActivities } from './incidents/incidents.activities';
import { createLifecycleActivities } from './lifecycle.activities';
import type { NotifySettings } from './notify/channel';
import { createNotifyActivities } from './notify/notify.activities';
import { createRunActivities, type RunActivityDeps } from './runs/runs.activities';

export interface ActivityDeps extends RunActivityDeps {
  db: Database;
  /** A Temporal client for activities that manage Temporal objects (the lifecycle's staging schedule). */
  temporal?: Client;
  /** Incidents: escalation delay and notification channels (unset: no channel, escalation after an hour). */
  incidents?: { escalateAfterMs: number; notify: NotifySettings };
}

/** Every activity the worker registers, wired to real dependencies by apps/worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createLifecycleActivities(deps),
    ...createRunActivities(deps),
    ...createDeployActivities(deps),
    ...createIncidentActivities(deps),
    ...createDigestActivities({ sql: deps.sql }),
    ...createNotifyActivities({ sql: deps.sql, notify: deps.incidents?.notify, links: deps.links }),
  };
}
