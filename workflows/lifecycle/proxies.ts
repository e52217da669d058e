import { proxyActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../../activities/lifecycle.activities';
import type { DeployActivities } from '../../activities/deploy/deploy.activities';
import { RETRY } from '../retry-policies';

/** Recording a decision: it must not be lost, so it retries while Postgres is away, for up to ~an hour. */
export const { recordDecision } = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY.decisionRecord,
});

/** Short reads and writes in Postgres or Temporal (queue position, notifications, staging set-up). */
export const lifecycle = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY.postgresStep,
});

/** Reads for the production saga's decisions (the saga's own steps have their own proxies). */
export const deploy = proxyActivities<DeployActivities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY.postgresStep,
});
