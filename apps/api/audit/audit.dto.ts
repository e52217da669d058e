import { z } from 'zod';

export const listAuditSchema = z.strictObject({
  importId: z.uuid({ message: 'importId must be a UUID' }).optional(),
  actor: z.string().trim().min(1).max(100).optional(),
  /** A route as in the permission table, e.g. `POST /imports/:id/deploy-production`. */
  action: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.coerce.number().int().positive().optional(),
});
export type ListAudit = z.infer<typeof listAuditSchema>;
