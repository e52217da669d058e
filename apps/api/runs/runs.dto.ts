import { z } from 'zod';
import { ENVIRONMENT_NAMES, importConfigSchema } from '../../../contracts';

export { importConfigSchema };

export const environmentSchema = z.enum(ENVIRONMENT_NAMES, { message: 'environment must be "staging" or "production"' });

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
