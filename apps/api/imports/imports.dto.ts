import { z } from 'zod';
import { IMPORT_KINDS, prioritySchema } from '../../../contracts';

export const createImportSchema = z.strictObject({
  /** Client name; created on first use. */
  client: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(IMPORT_KINDS),
  sourceUrls: z.array(z.url({ protocol: /^https?$/ })).min(1).max(50),
  priority: prioritySchema.default(3),
  /** The account manager filing it: the API key's member (may be left out; another name is refused). */
  requestedBy: z.string().trim().min(1).max(200).optional(),
});
export type CreateImport = z.infer<typeof createImportSchema>;

export const listImportsSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListImports = z.infer<typeof listImportsSchema>;

export const importIdSchema = z.uuid({ message: 'import id must be a UUID' });

/** OpenAPI schema of a zod schema, for @ApiBody. */
export const openApi = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
