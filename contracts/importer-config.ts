import { z } from 'zod';

/**
 * An importer and its configuration for one environment, as a developer submits it for review (the lifecycle's
 * `submitForReview`, contracts/transitions.ts) and as PUT /imports/:id/environments/staging/config takes it.
 */
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
