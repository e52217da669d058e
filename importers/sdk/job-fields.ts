// Imported from the file, not the SDK's index: the index pulls the fetch stack (undici, node:*), and the checks
// must stay pure, importable anywhere (even from workflow code).
import { jobSchema, locationSchema, salarySchema } from './job';

/**
 * Every field path a coverage figure can name: the Job's own fields and those of its nested objects
 * ("locations.city": some place of the job has a city; "salary.min"). Derived from the schema so a new Job field is
 * accepted without a change here.
 */
export const JOB_FIELD_PATHS: readonly string[] = [
  ...Object.keys(jobSchema.shape),
  ...Object.keys(locationSchema.shape).map((key) => `locations.${key}`),
  ...Object.keys(salarySchema.shape).map((key) => `salary.${key}`),
];

/**
 * Paths of the job model before v2 (migration 0017), still found in stored check overrides and in the coverage
 * figures of earlier runs, and the path that now measures the same thing: `location.city` was one place's city;
 * `employmentType` was set whenever the source gave a contract wording, which `contractLabel` now keeps.
 */
export const FORMER_FIELD_PATHS: Readonly<Record<string, string>> = {
  location: 'locations',
  ...Object.fromEntries(Object.keys(locationSchema.shape).map((key) => [`location.${key}`, `locations.${key}`])),
  employmentType: 'contractLabel',
};

const known = new Set(JOB_FIELD_PATHS);

/** A path of the current model, or a former one (read as its current path). */
export function isJobFieldPath(path: string): boolean {
  return known.has(path) || path in FORMER_FIELD_PATHS;
}

/** The current name of a field path: a former one renamed, any other as is. */
export function currentFieldPath(path: string): string {
  return FORMER_FIELD_PATHS[path] ?? path;
}

/** A coverage record (path → share) with former paths renamed; a current path wins over a renamed one. */
export function withCurrentFieldPaths(coverage: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, share] of Object.entries(coverage)) if (!(path in FORMER_FIELD_PATHS)) out[path] = share;
  for (const [path, share] of Object.entries(coverage)) {
    const current = FORMER_FIELD_PATHS[path];
    if (current !== undefined && !(current in out)) out[current] = share;
  }
  return out;
}
