import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';

/**
 * Every failure `type` Liaison raises or records, once: whether retrying can help, the HTTP status the API answers
 * when a workflow refuses with it, and what it means. Types are stable — incidents, alerts, run rows and clients
 * match on them — so a new one is added here, never spelled where it is thrown.
 *
 * `retryable`: `false` types are never retried (every retry policy lists them, see workflows/retry-policies.ts);
 * `true` ones are transient; `'varies'` ones say it per failure (an HTTP 503 is worth a retry, a 404 is not).
 */
export type Retryability = boolean | 'varies';

export interface HttpAnswer {
  status: number;
  /** The API error's stable `code`. */
  code: string;
}

export interface FailureSpec {
  http: HttpAnswer;
  retryable: Retryability;
  meaning: string;
}

/** What the API answers for a refusal the table gives no other status: the request cannot be carried out. */
const UNPROCESSABLE = { status: 422, code: 'invalid_decision' } as const satisfies HttpAnswer;
const CONFLICT_STAGE = { status: 409, code: 'wrong_stage' } as const satisfies HttpAnswer;
const CONFLICT_STATE = { status: 409, code: 'wrong_state' } as const satisfies HttpAnswer;
const FORBIDDEN = { status: 403, code: 'forbidden' } as const satisfies HttpAnswer;

export const FAILURES = {
  // Decisions refused by a workflow's update validators.
  WrongStage: { http: CONFLICT_STAGE, retryable: false, meaning: 'the decision does not fit the workflow’s current stage' },
  InvalidDecision: { http: UNPROCESSABLE, retryable: false, meaning: 'the decision’s request is incomplete or contradicts the process' },
  RoleRefused: { http: FORBIDDEN, retryable: false, meaning: 'the sender’s role may not make this decision' },
  InvalidInput: { http: UNPROCESSABLE, retryable: false, meaning: 'a workflow input is malformed (a duration, an id)' },

  // Runs, imports and their configuration.
  RunNotFound: { http: UNPROCESSABLE, retryable: false, meaning: 'no run with this id' },
  RunState: { http: CONFLICT_STATE, retryable: false, meaning: 'the run is not in the state the step needs (already decided, staged records gone)' },
  ImportNotFound: { http: UNPROCESSABLE, retryable: false, meaning: 'no import with this id' },
  ImportNotConfigured: { http: UNPROCESSABLE, retryable: false, meaning: 'the import has no configuration in this environment' },
  InvalidConfig: { http: UNPROCESSABLE, retryable: false, meaning: 'the importer configuration does not match its importer’s schema' },
  UnknownImporter: { http: UNPROCESSABLE, retryable: false, meaning: 'no importer is registered under the configured key' },
  InvalidChecksConfig: { http: UNPROCESSABLE, retryable: false, meaning: 'the import’s stored checks override is invalid' },
  ChecksConfigInvalid: { http: UNPROCESSABLE, retryable: false, meaning: 'a checks override failed its schema (the parser’s own error)' },
  MissingSecret: { http: UNPROCESSABLE, retryable: false, meaning: 'the configuration refers to a secret that is not stored' },
  NotInQueue: { http: UNPROCESSABLE, retryable: false, meaning: 'the import is not in a queue stage' },
  TemporalClientMissing: { http: UNPROCESSABLE, retryable: false, meaning: 'the worker was started without a Temporal client' },

  // Incidents and notifications.
  IncidentNotFound: { http: UNPROCESSABLE, retryable: false, meaning: 'no incident with this id' },
  ChannelNotConfigured: { http: UNPROCESSABLE, retryable: false, meaning: 'the notification channel is not configured' },

  // Deploys.
  DeployNotFound: { http: UNPROCESSABLE, retryable: false, meaning: 'the deploy (or the version or run it names) does not exist' },
  VerificationFailed: { http: UNPROCESSABLE, retryable: false, meaning: 'the first production run did not pass the deploy’s verification' },
  InjectedFault: { http: UNPROCESSABLE, retryable: false, meaning: 'TEST ONLY: a fault injected into a deploy step' },
  StagingDeployFailed: { http: UNPROCESSABLE, retryable: false, meaning: 'the staging deploy failed; the message names the cause' },

  // Recorded on a run by the workflow or the watchdog (never thrown by an activity).
  ActivityTimeout: { http: UNPROCESSABLE, retryable: true, meaning: 'a step timed out: its worker or a dependency stopped responding' },
  RunStranded: { http: UNPROCESSABLE, retryable: false, meaning: 'the run’s workflow ended before the run did' },
  StagedRecordsLost: { http: UNPROCESSABLE, retryable: false, meaning: 'a run’s staged records are gone before it was applied' },
  Cancelled: { http: UNPROCESSABLE, retryable: false, meaning: 'the run was cancelled' },
  /** Anything without a type of its own (a bug, a dropped connection): its message says what. */
  Error: { http: UNPROCESSABLE, retryable: 'varies', meaning: 'an error with no type of its own' },

  // The extraction compartment.
  ImporterTimeout: { http: UNPROCESSABLE, retryable: false, meaning: 'the importer ran past its time limit and was stopped' },
  ImporterOutOfMemory: { http: UNPROCESSABLE, retryable: false, meaning: 'the importer exceeded its memory limit and was stopped' },
  ImporterCancelled: { http: UNPROCESSABLE, retryable: true, meaning: 'the importer was stopped: the run was cancelled or its worker shut down' },
  ImporterCrashed: { http: UNPROCESSABLE, retryable: false, meaning: 'the importer’s code threw an unexpected error' },

  // Importer errors (importers/sdk/errors.ts): what the source did.
  FetchTimeout: { http: UNPROCESSABLE, retryable: true, meaning: 'connect, headers or body took too long' },
  Network: { http: UNPROCESSABLE, retryable: true, meaning: 'the connection failed or was reset, or DNS did not answer' },
  HttpStatus: { http: UNPROCESSABLE, retryable: 'varies', meaning: 'a non-2xx final status (5xx, 408 and 429 are transient)' },
  BodyTooLarge: { http: UNPROCESSABLE, retryable: false, meaning: 'a response body exceeds the fetch policy’s limit' },
  TooManyRedirects: { http: UNPROCESSABLE, retryable: false, meaning: 'the source redirects past the limit' },
  ForbiddenAddress: { http: UNPROCESSABLE, retryable: false, meaning: 'the host is private, loopback or link-local, or the URL is not http(s)' },
  LayoutChanged: { http: UNPROCESSABLE, retryable: false, meaning: 'the page no longer has the structure the importer expects' },
  PageLimitReached: { http: UNPROCESSABLE, retryable: false, meaning: 'a listing still had a next page at the page limit' },
  ItemTooLarge: { http: UNPROCESSABLE, retryable: false, meaning: 'one piece of a document is larger than the parser keeps' },
  SlowTransfer: { http: UNPROCESSABLE, retryable: true, meaning: 'a body arrives more slowly than the policy’s minimum throughput' },
  InvalidDocument: { http: UNPROCESSABLE, retryable: false, meaning: 'the document cannot be read in the expected format' },
  TruncatedFeed: { http: UNPROCESSABLE, retryable: true, meaning: 'the feed ended inside an element (usually a cut-off transfer)' },
} as const satisfies Record<string, FailureSpec>;

export type FailureType = keyof typeof FAILURES;

const TYPES = Object.keys(FAILURES) as FailureType[];

/** The types by name, to reference rather than spell: `Failure.WrongStage`. */
export const Failure = Object.fromEntries(TYPES.map((type) => [type, type])) as { readonly [T in FailureType]: T };

/** Types no retry can fix: every retry policy lists them (workflows/retry-policies.ts). */
export const NON_RETRYABLE_TYPES: readonly FailureType[] = TYPES.filter((type) => FAILURES[type].retryable === false);

export const isFailureType = (type: string | undefined): type is FailureType => type !== undefined && Object.hasOwn(FAILURES, type);

/** The API's answer to a workflow's refusal of this type (unknown types: 422). */
export const httpAnswerOf = (type: string | undefined): HttpAnswer => (isFailureType(type) ? FAILURES[type].http : UNPROCESSABLE);

/**
 * The Temporal failure for `type`, non-retryable unless the table says it is transient. From an activity or a
 * workflow alike (ApplicationFailure is the same class in both).
 */
export function failure(type: FailureType, message: string, ...details: unknown[]): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: FAILURES[type].retryable !== true, ...(details.length > 0 ? { details } : {}) });
}

/**
 * A workflow's final failure repeating a step's (its type and message, the step's description as details): the
 * workflow has already recorded it, so nothing retries it.
 */
export function finalFailure(cause: { type: string; message: string }, ...details: unknown[]): ApplicationFailure {
  return ApplicationFailure.create({ type: cause.type, message: cause.message, nonRetryable: true, ...(details.length > 0 ? { details } : {}) });
}

/** A failure as runs, deploys and incidents record it. */
export interface FailureSummary {
  type: string;
  message: string;
}

/**
 * The innermost failure behind activity and child-workflow wrappers, as `{ type, message }`: an application
 * failure's own type, else `Error`. The one way workflows describe what a step or a child ended with.
 */
export function summariseFailure(err: unknown): FailureSummary {
  let cause: unknown = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? Failure.Error, message: cause.message };
  return { type: Failure.Error, message: cause instanceof Error ? cause.message : String(cause) };
}
