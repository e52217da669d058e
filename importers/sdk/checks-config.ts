import { z } from 'zod';
import { isJobFieldPath, withCurrentFieldPaths } from './job-fields';

/**
 * Per-import overrides of the business checks, stored as JSON in Postgres. Every key is optional: `{}` (or a
 * NULL column) gives the defaults, so an import only stores what differs. Unknown keys are refused: a typo in
 * a stored override must not silently leave a check at its default.
 */

/** What a failing check does to its run: fail it (quarantine), warn only, or nothing. */
export type CheckSeverity = 'fail' | 'warn' | 'off';
const SEVERITIES = ['fail', 'warn', 'off'] as const satisfies readonly CheckSeverity[];
const severity = (fallback: CheckSeverity) => z.enum(SEVERITIES).default(fallback);
/** A share, 0..1. */
const ratio = z.number().min(0).max(1);
const runCount = z.number().int().min(1);

const fieldPath = z.string().refine(isJobFieldPath, 'not a Job field path (e.g. title, department, locations.city)');

export const checksConfigSchema = z
  .strictObject({
    minimumCount: z
      .strictObject({
        severity: severity('fail'),
        /** Fewest valid jobs; a run with none fails even when this is met, unless allowEmpty. */
        min: runCount.default(1),
        /** For clients that legitimately have no opening at times: 0 valid jobs then passes. */
        allowEmpty: z.boolean().default(false),
      })
      .prefault({}),
    countDrop: z
      .strictObject({
        severity: severity('fail'),
        /** Largest accepted drop of the valid count below the history median (0.5 = half the jobs gone). */
        maxDropRatio: ratio.default(0.5),
        /** How many recent good runs form the history: the count and coverage medians are taken over them. */
        window: runCount.default(10),
        /** Below this many good runs, a median says little: the check is skipped. */
        minHistory: runCount.default(3),
      })
      .refine((c) => c.minHistory <= c.window, { path: ['minHistory'], message: 'must not exceed window (the check would always skip)' })
      .prefault({}),
    fieldCoverage: z
      .strictObject({
        severity: severity('fail'),
        /** Explicit floors by Job field path, checked with or without history. */
        /** Former paths ("location.city", "employmentType") are accepted and read as their current name. */
        minimums: z.record(fieldPath, ratio).default({}).transform(withCurrentFieldPaths),
        /** Largest accepted fall of a field's coverage below its history median, in absolute share (0.5 = 50 points). */
        maxDrop: ratio.default(0.5),
        /** Good runs needed before falls are checked (the floors apply from the first run). */
        minHistory: runCount.default(1),
      })
      .prefault({}),
    invalidRatio: z.strictObject({ severity: severity('fail'), max: ratio.default(0.1) }).prefault({}),
    /**
     * Records repeating an id identically, or differing only in location, are one job and never fail this check.
     * Other conflicts follow `policy`: 'quarantine' (the check fails past `max` conflicting ids) or 'first' (the
     * first record read is applied, the check warns with both versions).
     */
    duplicates: z
      .preprocess(
        // The policy alone, as a string, is the short form: `"duplicates": "first"`.
        (value) => (typeof value === 'string' ? { policy: value } : value),
        z.strictObject({
          severity: severity('fail'),
          max: z.number().int().min(0).default(0),
          policy: z.enum(['quarantine', 'first']).default('quarantine'),
        }),
      )
      .prefault({}),
    selectors: z
      .strictObject({
        severity: severity('fail'),
        /** Selector field names (as declared by the importer, e.g. "department", "@item") not to check. */
        ignore: z.array(z.string().min(1)).default([]),
      })
      .prefault({}),
    // 'warn' by default: sites redeploy their templates without changing the data we read.
    structure: z.strictObject({ severity: severity('warn') }).prefault({}),
    /** Text the import could not restore as published (bytes no charset explains, mojibake); repairs never fail it. */
    encoding: z.strictObject({ severity: severity('fail') }).prefault({}),
    /** The site's own count of its jobs (declared by the import) against the jobs read; `tolerance`: jobs of difference accepted. */
    expectedCount: z.strictObject({ severity: severity('fail'), tolerance: z.number().int().min(0).default(0) }).prefault({}),
    /** `maxRatio`: share of failed requests accepted. */
    httpErrors: z.strictObject({ severity: severity('fail'), maxRatio: ratio.default(0) }).prefault({}),
  })
  .superRefine((c, ctx) => {
    // Coverage medians are taken over countDrop.window runs: more could never be reached.
    if (c.fieldCoverage.minHistory > c.countDrop.window) {
      ctx.addIssue({ code: 'custom', path: ['fieldCoverage', 'minHistory'], message: 'must not exceed countDrop.window (the history holds no more runs)' });
    }
  });

export type ChecksConfig = z.infer<typeof checksConfigSchema>;
/** What an import may store: every key optional. */
export type ChecksConfigInput = z.input<typeof checksConfigSchema>;

/** A stored override is wrong: permanent, retrying cannot help (hence a stable `type` and `retryable: false`). */
export class ChecksConfigError extends Error {
  readonly type = 'ChecksConfigInvalid';
  readonly retryable = false;

  constructor(readonly issues: { path: string; message: string }[]) {
    super(`Invalid checks configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'ChecksConfigError';
  }
}

/** Parses stored overrides (NULL means none), throwing a ChecksConfigError that lists every invalid path. */
export function parseChecksConfig(input: unknown): ChecksConfig {
  const parsed = checksConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ChecksConfigError(
    parsed.error.issues.map((issue) => ({
      path: ['checks', ...issue.path.map(String)].join('.'),
      // A bad record key only says "Invalid key in record": the reason is in the nested issues.
      message: issue.code === 'invalid_key' ? issue.issues.map((i) => i.message).join('; ') : issue.message,
    })),
  );
}

/** The full default configuration (a fresh object: callers may mutate it). */
export function defaultChecksConfig(): ChecksConfig {
  return checksConfigSchema.parse({});
}
