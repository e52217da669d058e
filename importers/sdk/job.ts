import { z } from 'zod';

/**
 * The one normalised job every importer produces, validated before anything is written.
 * Dates are ISO 8601 UTC strings; text is UTF-8; `description` is sanitised HTML.
 */
/**
 * The contract, apart from the working time: a French CDI is `permanent`, a CDD `fixed_term`, intérim
 * `temporary_agency` (never a CDD), alternance `apprenticeship`. `other` is a wording we could not place.
 */
export const CONTRACT_TYPES = [
  'permanent',
  'fixed_term',
  'temporary_agency',
  'internship',
  'apprenticeship',
  'freelance',
  'volunteer',
  'other',
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const WORKING_TIMES = ['full_time', 'part_time'] as const;
export type WorkingTime = (typeof WORKING_TIMES)[number];

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
    /** Null when the source gives none: an amount without a unit is not assumed yearly. */
    period: z.enum(['hour', 'day', 'week', 'month', 'year']).nullable(),
  })
  .refine((s) => s.min === null || s.max === null || s.min <= s.max, { message: 'salary min is above max' });
export type Salary = z.infer<typeof salarySchema>;

export const jobSchema = z.strictObject({
  /** The client's own id for the job, stable across runs: the key of the diff. */
  externalId: z.string().trim().min(1).max(512),
  title: z.string().trim().min(1).max(512),
  /** Sanitised HTML (no scripts, styles, event handlers or inline frames). */
  description: z.string(),
  /**
   * Every place the job is offered in, in the source's order, without repeats; at least one (a source naming none
   * gives one empty place, with the import's default country). A place may be remote alone ("France, télétravail").
   */
  locations: z.array(locationSchema).min(1),
  /** Null when the source says nothing of the contract (e.g. it gives only "Full-time"). */
  contractType: z.enum(CONTRACT_TYPES).nullable(),
  workingTime: z.enum(WORKING_TIMES).nullable(),
  /** The source's own words for the contract and working time ("CDD 8 mois", "Temps partiel 24 h"), as shown. */
  contractLabel: z.string().trim().min(1).max(512).nullable(),
  department: z.string().trim().min(1).nullable(),
  salary: salarySchema.nullable(),
  /**
   * The source's own words about pay ("Plus commission", "Selon profil"), as text, with or without an amount. Absent
   * (not null) when the source gives none, so a job without it hashes as it did before the field existed.
   */
  salaryLabel: z.string().trim().min(1).max(1024).optional(),
  applyUrl: z.url({ protocol: /^https?$/ }).nullable(),
  postedAt: isoUtc.nullable(),
  updatedAt: isoUtc.nullable(),
  /** sha256 hex of the canonical job content (every field but the hash): what the diff compares. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Job = z.infer<typeof jobSchema>;
