import path from 'node:path';
import { z } from 'zod';
import { TASK_QUEUES, WORKER_ROLES, type WorkerRole } from '../contracts';
import { FETCH_POLICY_MAXIMA, type FetchPolicyMaxima, IMPORT_FETCH_SETTINGS, type PlatformFetchSettings } from '../importers/sdk/fetch-limits';
import { isAllowlistEntry } from '../importers/sdk/net/address-guard';
import { StartupError } from './errors';

const port = z.coerce.number().int().min(1).max(65535);

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalPositiveInt = optionalString.pipe(z.coerce.number<string | undefined>().int().positive().optional());

/**
 * Every environment variable Liaison reads, parsed once. Names here are the contract with
 * docker-compose.yml and the README (a test checks compose uses only these names).
 */
export const envSchema = z.object({
  /** postgres://user:pass@host:port/db. Unset under `npm start`/`npm test`: an embedded Postgres is started. */
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** host:port of a Temporal frontend. Unset under `npm start`/`npm test`: a dev server is started. */
  TEMPORAL_ADDRESS: optionalString.pipe(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port').optional()),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Base URL of Temporal UI, used to build links to workflows and runs. */
  TEMPORAL_UI_URL: z.url().default('http://localhost:8233'),
  /** Path to a `temporal` CLI binary; skips discovery. */
  TEMPORAL_CLI: optionalString,
  /** Dev server ports under `npm start`. */
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Port of the embedded Postgres under `npm start` (the machine's own Postgres usually holds 5432). */
  EMBEDDED_PG_PORT: port.default(54329),
  /** Folder for the dev stack's state: Temporal's SQLite file and the embedded Postgres cluster. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** REST API listen address. */
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  TASK_QUEUE: z.string().min(1).default(TASK_QUEUES.imports),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Port of the fixture client sites `npm start` serves for its demo import (stored in the demo's config). */
  DEMO_SITES_PORT: port.default(4010),
  /** Public base URL of the API, for links in alerts. */
  PUBLIC_API_URL: optionalString.pipe(z.url().optional()),
  /** Limits of one importer's compartment (a child process per extraction). */
  IMPORTER_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(1800),
  IMPORTER_MAX_HEAP_MB: z.coerce.number().int().min(64).default(512),
  /** Extractions (compartment processes) one worker runs at once; unset: one per core, within half the memory. */
  EXTRACTION_CONCURRENCY: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(1).optional()),
  /**
   * Postgres connections the compartments of one worker share (each holds one while it stages its records); an
   * extraction waits for a free one. Unset: EXTRACTION_CONCURRENCY's value, one per compartment.
   */
  EXTRACTION_DB_CONNECTIONS: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(1).optional()),
  /**
   * What a worker process polls, comma-separated: `orchestration` (workflows and short database activities on
   * TASK_QUEUE), `extraction` (compartments on TASK_QUEUE-extraction), or both (the default). Several workers of
   * either role may share one Temporal cluster and one Postgres.
   */
  WORKER_ROLES: z
    .string()
    .default(WORKER_ROLES.join(','))
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(WORKER_ROLES)).min(1)),
  /** Incidents: a Slack-compatible incoming webhook (secret: it is never shown in messages nor logs). */
  NOTIFY_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Incidents by email: `smtp://[user:pass@]host:port` (smtps:// for TLS), with a sender and recipients. */
  NOTIFY_SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  NOTIFY_EMAIL_FROM: z.string().trim().default('liaison@localhost'),
  /** Comma-separated recipients of incident emails; none = no email. */
  NOTIFY_EMAIL_TO: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.email())),
  /**
   * Private hosts or networks imports may fetch from, comma-separated host names and CIDRs (`127.0.0.1/32,::1`):
   * fixture sites under `npm start`, tests. Empty (production): only public addresses are reachable.
   */
  FETCH_ALLOW_PRIVATE: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((entries) => entries.every(isAllowlistEntry), { message: 'expected comma-separated host names, IP addresses or CIDRs' }),
  /** Platform maxima of an import's fetch policy (defaults in importers/sdk/fetch-limits.ts); ms and bytes. */
  FETCH_MAX_PER_HOST_CONCURRENCY: optionalPositiveInt,
  FETCH_MAX_TOTAL_TIMEOUT_MS: optionalPositiveInt,
  FETCH_MAX_HEADERS_TIMEOUT_MS: optionalPositiveInt,
  FETCH_MAX_BODY_TIMEOUT_MS: optionalPositiveInt,
  FETCH_MAX_BODY_BYTES: optionalPositiveInt,
  FETCH_MAX_STREAM_BYTES: optionalPositiveInt,
  /** Minutes an incident may stay unacknowledged before it is escalated. */
  INCIDENT_ESCALATE_AFTER_MINUTES: z.coerce.number().positive().default(60),
  /** Slack (minutes) added to twice a schedule's interval before the watchdog reports a missed schedule. */
  WATCHDOG_GRACE_MINUTES: z.coerce.number().nonnegative().default(30),
});

export type Env = z.infer<typeof envSchema>;
export const ENV_NAMES = Object.keys(envSchema.shape) as (keyof Env)[];

/** Parses the environment, failing fast with every problem listed by variable name. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const picked = Object.fromEntries(ENV_NAMES.map((name) => [name, source[name]]));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new StartupError(`Invalid configuration:\n${lines.join('\n')}`, 'Fix the variables above (see README, "Environment").');
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}

/** What the API and the worker need: both services are given concrete addresses. */
export interface ServiceConfig {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl: string;
  taskQueue: string;
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  publicApiUrl: string | null;
  importer: { timeoutMs: number; maxHeapMb: number };
  /** Private allowlist and fetch-policy maxima; unset (tests' hand-made configs): read from the environment. */
  fetch?: PlatformFetchSettings;
  /** Roles and extraction concurrency; unset (tests' hand-made configs): both roles, the machine's default. */
  worker?: { roles: WorkerRole[]; extractionConcurrency: number | null; extractionDbConnections?: number | null };
  /** Incidents and monitoring; unset (tests' hand-made configs): no channel, the defaults below. */
  incidents?: IncidentSettings;
}

export interface IncidentSettings {
  escalateAfterMs: number;
  watchdogGraceMs: number;
  notify: { webhookUrl: string | null; email: { smtpUrl: string; from: string; to: string[] } | null };
}

export function serviceConfig(env: Env = loadEnv()): ServiceConfig {
  const missing = [
    env.DATABASE_URL ? null : 'DATABASE_URL',
    env.TEMPORAL_ADDRESS ? null : 'TEMPORAL_ADDRESS',
  ].filter((v): v is string => v !== null);
  if (missing.length > 0) {
    throw new StartupError(
      `Missing configuration: ${missing.join(', ')}`,
      'Run the whole stack with `npm start`, or set these variables to your Postgres and Temporal.',
    );
  }
  return {
    databaseUrl: env.DATABASE_URL!,
    temporalAddress: env.TEMPORAL_ADDRESS!,
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    temporalUiUrl: env.TEMPORAL_UI_URL,
    taskQueue: env.TASK_QUEUE,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    publicApiUrl: env.PUBLIC_API_URL ?? null,
    importer: { timeoutMs: env.IMPORTER_TIMEOUT_SECONDS * 1000, maxHeapMb: env.IMPORTER_MAX_HEAP_MB },
    fetch: fetchSettings(env),
    worker: { roles: env.WORKER_ROLES, extractionConcurrency: env.EXTRACTION_CONCURRENCY ?? null, extractionDbConnections: env.EXTRACTION_DB_CONNECTIONS ?? null },
    incidents: {
      escalateAfterMs: env.INCIDENT_ESCALATE_AFTER_MINUTES * 60_000,
      watchdogGraceMs: env.WATCHDOG_GRACE_MINUTES * 60_000,
      notify: {
        webhookUrl: env.NOTIFY_WEBHOOK_URL ?? null,
        email: env.NOTIFY_SMTP_URL && env.NOTIFY_EMAIL_TO.length > 0 ? { smtpUrl: env.NOTIFY_SMTP_URL, from: env.NOTIFY_EMAIL_FROM, to: env.NOTIFY_EMAIL_TO } : null,
      },
    },
  };
}

const MAXIMUM_ENV = {
  perHostConcurrency: 'FETCH_MAX_PER_HOST_CONCURRENCY',
  totalTimeoutMs: 'FETCH_MAX_TOTAL_TIMEOUT_MS',
  headersTimeoutMs: 'FETCH_MAX_HEADERS_TIMEOUT_MS',
  bodyTimeoutMs: 'FETCH_MAX_BODY_TIMEOUT_MS',
  maxBodyBytes: 'FETCH_MAX_BODY_BYTES',
  maxStreamBytes: 'FETCH_MAX_STREAM_BYTES',
} as const satisfies Record<keyof FetchPolicyMaxima, keyof Env>;

/** The platform's fetch settings: FETCH_ALLOW_PRIVATE and the maxima, each overridable by its FETCH_MAX_* variable. */
export function fetchSettings(env: Pick<Env, 'FETCH_ALLOW_PRIVATE' | (typeof MAXIMUM_ENV)[keyof FetchPolicyMaxima]>): PlatformFetchSettings {
  const maxima = Object.fromEntries(IMPORT_FETCH_SETTINGS.map((field) => [field, env[MAXIMUM_ENV[field]] ?? FETCH_POLICY_MAXIMA[field]])) as FetchPolicyMaxima;
  return { allowPrivate: env.FETCH_ALLOW_PRIVATE, maxima };
}

const fetchEnvSchema = envSchema.pick({ FETCH_ALLOW_PRIVATE: true, ...Object.fromEntries(Object.values(MAXIMUM_ENV).map((name) => [name, true])) } as Record<
  'FETCH_ALLOW_PRIVATE' | (typeof MAXIMUM_ENV)[keyof FetchPolicyMaxima],
  true
>);

/**
 * The fetch settings from the environment alone, for a process given a hand-made ServiceConfig (tests) or none
 * (the importer CLI): the other variables need not be valid.
 */
export function fetchSettingsFromEnv(source: NodeJS.ProcessEnv = process.env): PlatformFetchSettings {
  const parsed = fetchEnvSchema.safeParse(Object.fromEntries(Object.keys(fetchEnvSchema.shape).map((name) => [name, source[name]])));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new StartupError(`Invalid configuration:\n${lines.join('\n')}`, 'Fix the variables above (see README, "Environment").');
  }
  return fetchSettings(parsed.data);
}

/** Where a user opens a workflow in Temporal UI. */
export function temporalUiWorkflowUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
