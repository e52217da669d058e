import { z } from 'zod';
import { ENVIRONMENT_NAMES } from '../../../contracts';

export const environmentSchema = z.enum(ENVIRONMENT_NAMES, { message: 'environment must be "staging" or "production"' });

export const importConfigSchema = z.strictObject({
  importerKey: z.string().min(1),
  /** The importer's own configuration; validated by its schema. Secrets as { "$secret": "NAME" }. */
  config: z.record(z.string(), z.unknown()),
  checks: z.record(z.string(), z.unknown()).default({}),
  fetchPolicy: z
    .strictObject({
      // No `allowPrivateAddresses`: private addresses are a platform setting (FETCH_ALLOW_PRIVATE), and every
      // limit below is checked against the platform's maximum (422 platform_limit), see importers/sdk/fetch-limits.ts.
      perHostConcurrency: z.number().int().min(1).optional(),
      totalTimeoutMs: z.number().int().min(1000).optional(),
      headersTimeoutMs: z.number().int().min(500).optional(),
      bodyTimeoutMs: z.number().int().min(500).optional(),
      maxBodyBytes: z.number().int().min(1024).optional(),
      maxStreamBytes: z.number().int().min(1024).optional(),
    })
    .default({}),
  /** Cron, UTC, five fields. */
  schedule: z
    .string()
    .regex(/^\S+(\s+\S+){4}$/, 'a five-field cron expression, e.g. "0 6 * * *"')
    .nullable()
    .default(null),
});
export type ImportConfigBody = z.infer<typeof importConfigSchema>;

export const startRunSchema = z.strictObject({
  quarantineTimeout: z.string().regex(/^\d+\s*(seconds?|minutes?|hours?|days?|s|m|h|d)$/).optional(),
});

export const decisionSchema = z.strictObject({
  decision: z.enum(['apply', 'discard']),
  /** The API key's member (may be left out; another name is refused). */
  by: z.string().trim().min(1).max(200).optional(),
  comment: z.string().max(2000).optional(),
});

export const revertSchema = z.strictObject({
  by: z.string().trim().min(1).max(200).optional(),
  reason: z.string().max(2000).optional(),
});

export const listRunsSchema = z.strictObject({
  environment: environmentSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const backfillSchema = z.strictObject({
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
});

export const pauseSchema = z.strictObject({ note: z.string().max(500).optional() });

export const runIdSchema = z.uuid({ message: 'run id must be a UUID' });
