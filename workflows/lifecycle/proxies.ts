import { proxyActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../../activities/lifecycle.activities';
import type { DeployActivities } from '../../activities/deploy/deploy.activities';

/** Recording a decision: it must not be lost, so it retries while Postgres is away, for up to ~an hour. */
export const { recordDecision } = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 60,
    nonRetryableErrorTypes: ['ImportNotFound'],
  },
});

/** Short reads and writes in Postgres or Temporal (queue position, notifications, staging set-up). */
export const lifecycle = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 30,
    nonRetryableErrorTypes: ['ImportNotFound', 'NotInQueue', 'InvalidConfig', 'ImportNotConfigured', 'TemporalClientMissing'],
  },
});

/** Reads for the production saga's decisions (the saga's own steps have their own proxies). */
export const deploy = proxyActivities<DeployActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});
