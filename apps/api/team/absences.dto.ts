import { z } from 'zod';

/** Longest absence one entry may cover: beyond it, the member is rather deactivated (or enter it in parts). */
export const MAX_ABSENCE_DAYS = 366;

const day = (field: string) => z.iso.date({ message: `${field} must be a date as YYYY-MM-DD` });

/** Away from `from` to `to`, whole days, both included (UTC dates). */
export const createAbsenceSchema = z
  .strictObject({ from: day('from'), to: day('to'), reason: z.string().trim().min(1).max(500).optional() })
  .refine((v) => v.to >= v.from, { message: 'to must be on or after from', path: ['to'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 < MAX_ABSENCE_DAYS, { message: `an absence covers at most ${MAX_ABSENCE_DAYS} days`, path: ['to'] });
export type CreateAbsence = z.infer<typeof createAbsenceSchema>;

export const absenceIdSchema = z.coerce.number().int().positive({ message: 'absence id must be a positive integer' });

export const suggestionsQuerySchema = z.strictObject({
  /** The day the import would start: members away that day are skipped. Default today (UTC). */
  on: day('on').optional(),
});
export type SuggestionsQuery = z.infer<typeof suggestionsQuerySchema>;
