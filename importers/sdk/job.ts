import { z } from 'zod';

/**
 * The one normalised job every importer produces, validated before anything is written.
 * Dates are ISO 8601 UTC strings; text is UTF-8; `description` is sanitised HTML.
 */
export const EMPLOYMENT_TYPES = [
  'full_time',
  'part_time',
  'contract',
  'temporary',
  'internship',
  'apprenticeship',
  'freelance',
  'volunteer',
  'other',
] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

const isoUtc = z.iso.datetime({ offset: false });

export const locationSchema = z.strictObject({
  city: z.string().min(1).nullable(),
  region: z.string().min(1).nullable(),
  postalCode: z.string().min(1).nullable(),
  /** ISO 3166-1 alpha-2, upper case. */
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code').nullable(),
  remote: z.boolean(),
});
export type JobLocation = z.infer<typeof locationSchema>;

export const salarySchema = z
  .strictObject({
    min: z.number().nonnegative().nullable(),
    max: z.number().nonnegative().nullable(),
    /** ISO 4217, upper case. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code'),
    period: z.enum(['hour', 'day', 'week', 'month', 'year']),
  })
  .refine((s) => s.min === null || s.max === null || s.min <= s.max, { message: 'salary min is above max' });
export type Salary = z.infer<typeof salarySchema>;

export const jobSchema = z.strictObject({
  /** The client's own id for the job, stable across runs: the key of the diff. */
  externalId: z.string().trim().min(1).max(512),
  title: z.string().trim().min(1).max(512),
  /** Sanitised HTML (no scripts, styles, event handlers or inline frames). */
  description: z.string(),
  location: locationSchema,
  employmentType: z.enum(EMPLOYMENT_TYPES).nullable(),
  department: z.string().trim().min(1).nullable(),
  salary: salarySchema.nullable(),
  applyUrl: z.url({ protocol: /^https?$/ }).nullable(),
  postedAt: isoUtc.nullable(),
  updatedAt: isoUtc.nullable(),
  /** sha256 hex of the canonical job content (every field but the hash): what the diff compares. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Job = z.infer<typeof jobSchema>;
