// Imported from the file, not the SDK's index: the index pulls the fetch stack (undici, node:*), and the checks
// must stay pure, importable anywhere (even from workflow code).
import { jobSchema, locationSchema, salarySchema } from '../../importers/sdk/job';

/**
 * Every field path a coverage figure can name: the Job's own fields and those of its nested objects
 * ("location.city", "salary.min"). Derived from the schema so a new Job field is accepted without a change here.
 */
export const JOB_FIELD_PATHS: readonly string[] = [
  ...Object.keys(jobSchema.shape),
  ...Object.keys(locationSchema.shape).map((key) => `location.${key}`),
  ...Object.keys(salarySchema.shape).map((key) => `salary.${key}`),
];

const known = new Set(JOB_FIELD_PATHS);

export function isJobFieldPath(path: string): boolean {
  return known.has(path);
}
