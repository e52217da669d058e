import { z } from 'zod';
import { DOSSIER_LIMITS as L } from '../../../contracts';

const markdown = (what: string) => z.string().max(L.sectionChars, { message: `${what}: at most ${L.sectionChars} characters` }).default('');

/**
 * A whole new version of the dossier, written against `baseVersion` (0 for the first): the one the author read,
 * so an edit made meanwhile by someone else is refused (409) rather than overwritten.
 */
export const putDossierSchema = z.strictObject({
  baseVersion: z.number().int().min(0),
  context: markdown('context'),
  sources: markdown('sources'),
  contacts: markdown('contacts'),
  unusualPoints: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(L.unusualPointChars, { message: `an unusual point is one short line (at most ${L.unusualPointChars} characters)` })
        .refine((s) => !/[\r\n]/.test(s), { message: 'an unusual point is one line' }),
    )
    .max(L.unusualPoints, { message: `at most ${L.unusualPoints} unusual points` })
    .default([]),
  /** Keyed by check name (`count_drop`) or incident kind (`fetch_failed`). */
  runBook: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, { message: 'a run-book key is a check name or an incident kind (snake_case)' }),
      z.string().trim().min(1).max(L.runBookEntryChars, { message: `a run-book entry: at most ${L.runBookEntryChars} characters` }),
    )
    .refine((r) => Object.keys(r).length <= L.runBookEntries, { message: `at most ${L.runBookEntries} run-book entries` })
    .default({}),
  note: z.string().trim().max(L.noteChars).optional(),
});
export type PutDossierBody = z.infer<typeof putDossierSchema>;

export const diffQuerySchema = z
  .strictObject({
    from: z.coerce.number().int().min(0),
    to: z.coerce.number().int().min(1),
  })
  .refine((q) => q.from < q.to, { message: 'from must be an older version than to', path: ['from'] });
export type DiffQuery = z.infer<typeof diffQuerySchema>;
