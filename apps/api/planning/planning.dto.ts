import { z } from 'zod';
import { LIFECYCLE_STAGES } from '../../../contracts';

export const boardQuerySchema = z.strictObject({
  /** Comma-separated stages; default every stage but `cancelled`. */
  stages: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(LIFECYCLE_STAGES)).min(1))
    .optional(),
  /** Imports on the board at most (the highest priorities first). */
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type BoardQuery = z.infer<typeof boardQuerySchema>;
