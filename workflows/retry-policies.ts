import type { RetryPolicy } from '@temporalio/common';
import { NON_RETRYABLE_TYPES } from '../contracts/failures';

/** Whatever the policy, a failure the vocabulary calls permanent (contracts/failures.ts) is never retried. */
const permanent = { nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] };

/** Exponential from 1 s, at most a minute apart: the base of the steps that wait for Postgres or Temporal. */
const shortSteps = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', ...permanent } as const;

/**
 * The named retry policies of every activity proxy. Attempt counts are what a step may wait for its dependency:
 * 30 attempts ≈ 25 minutes of Postgres or Temporal away.
 */
export const RETRY = {
  /** Short Postgres (or Temporal) reads and writes: retried while either is away. */
  postgresStep: { ...shortSteps, maximumAttempts: 30 },
  /** Recording a human decision must not be lost: up to ~an hour. */
  decisionRecord: { ...shortSteps, maximumAttempts: 60 },
  /** A production deploy's steps: fewer attempts, the saga compensates when they are spent. */
  deployStep: { ...shortSteps, maximumAttempts: 20 },
  /** Compensations must happen: ≈ a day before the saga gives up. */
  compensation: { ...shortSteps, maximumInterval: '10 minutes', maximumAttempts: 150 },
  /** One transaction of up to minutes (apply, revert): fewer, wider-spaced attempts. */
  longTransaction: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10, ...permanent },
  /** A notification channel (SMTP, webhook): a few spaced retries. */
  notification: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5, ...permanent },
  /**
   * An extraction (before the 'extraction-queue' patch): transient fetch errors get a few spaced retries. No list:
   * each extraction failure says itself whether it is retryable (an HTTP 503 is, a 404 is not).
   */
  extraction: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 3 },
  /** An extraction on its own queue: the first retry after 3 s (a killed worker), then 30 s (a transient fetch error). */
  queuedExtraction: { initialInterval: '3 seconds', backoffCoefficient: 10, maximumInterval: '5 minutes', maximumAttempts: 3 },
  /** Since 'fast-failover': the first retry 1 s after a lost worker is noticed, then 30 s (a transient fetch error). */
  failoverExtraction: { initialInterval: '1 second', backoffCoefficient: 30, maximumInterval: '5 minutes', maximumAttempts: 3 },
  /** A watchdog sweep is short and the next one comes with the schedule: few retries. */
  sweep: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5, ...permanent },
  /** Pruning staged records during a sweep. */
  sweepPrune: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3, ...permanent },
  /** One account manager's digest (Temporal's default backoff). */
  digest: { initialInterval: '5 seconds', maximumAttempts: 5, ...permanent },
} as const satisfies Record<string, RetryPolicy>;
