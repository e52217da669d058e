import { z } from 'zod';
import { RAW_FIELDS } from '../sdk/kinds/fields';

// The field map of a feed configuration, apart from the rest of it: the presets (presets.ts) are field maps too,
// and the configuration (config.ts) reads the presets, so both import this file instead of each other.

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** The html kind's field names, plus `salaryText` (free text such as "35 000 € - 40 000 € brut annuel"). */
export const FEED_FIELDS = [...RAW_FIELDS, 'salaryText'] as const;
export type FeedField = (typeof FEED_FIELDS)[number];

export const feedFieldSpecSchema = z.union([
  z.string().min(1),
  z.strictObject({
    /** Path relative to the item (XML: `location/city`, `link/@href`; JSON: `offices[0].city`). */
    path: z.string().min(1).optional(),
    /** Several paths whose values are joined with `separator` (a street and a city; a title and a reference). */
    join: z.array(z.string().min(1)).min(1).optional(),
    separator: z.string().optional(),
    /** Every match joined (text with `separator`, default " "), instead of the first one. */
    all: z.boolean().optional(),
    /** Markup of an element (inline XHTML); escaped or CDATA HTML is read as is by default. */
    html: z.boolean().optional(),
    /** Keep the first capture group (or the whole match); no match gives null. `/…/i` sets flags. */
    regex: z.string().min(1).optional(),
    /** A constant, for what the feed never says ("FR"). */
    value: scalar.optional(),
    /** Date pattern of this field (`dd/MM/yyyy HH:mm`); without it ISO 8601 and RFC 2822 are read. */
    format: z.string().min(1).optional(),
    /** Value table applied last ("Contrat d'alternance (pro, apprentissage)" → "apprenticeship"); case-insensitive. */
    map: z.record(z.string(), scalar.nullable()).optional(),
  }),
]);
export type FeedFieldSpec = z.infer<typeof feedFieldSpecSchema>;

export const feedFieldMapSchema = z.partialRecord(z.enum(FEED_FIELDS), feedFieldSpecSchema);
export type FeedFieldMap = z.infer<typeof feedFieldMapSchema>;
