import { z } from 'zod';
import type { RawJob, RawLocation } from '../sdk/definition';

/** One entry of `jobs[]` in `GET /api/accounts/{subdomain}?details=true`: the fields this importer reads. */
export const workableJobSchema = z.object({
  title: z.string(),
  shortcode: z.string(),
  employment_type: z.string().nullish(),
  telecommuting: z.boolean().nullish(),
  department: z.string().nullish(),
  url: z.string().nullish(),
  application_url: z.string().nullish(),
  published_on: z.string().nullish(),
  country: z.string().nullish(),
  city: z.string().nullish(),
  state: z.string().nullish(),
  zip_code: z.string().nullish(),
  description: z.string().nullish(),
});
export type WorkableJob = z.infer<typeof workableJobSchema>;

export const workableAccountSchema = z.object({ jobs: z.array(workableJobSchema) });

const blankToNull = (value: string | null | undefined): string | null => (value == null || value.trim() === '' ? null : value.trim());

function workableLocation(job: WorkableJob): RawLocation {
  return {
    city: blankToNull(job.city),
    region: blankToNull(job.state),
    postalCode: blankToNull(job.zip_code),
    country: blankToNull(job.country),
    remote: job.telecommuting ?? false,
  };
}

/**
 * One job from the entries of one shortcode: the first entry's fields, and the place of every entry (a job in
 * several places is repeated, one entry each), in feed order.
 */
export function mapWorkableJob(job: WorkableJob, repeats: readonly WorkableJob[] = []): RawJob {
  return {
    externalId: job.shortcode,
    title: job.title,
    description: blankToNull(job.description),
    locations: [job, ...repeats].map(workableLocation),
    contractType: blankToNull(job.employment_type),
    department: blankToNull(job.department),
    salary: null,
    applyUrl: blankToNull(job.url) ?? blankToNull(job.application_url),
    // A calendar date ("2024-03-04"): normalisation reads it as midnight UTC.
    postedAt: blankToNull(job.published_on),
    updatedAt: null,
  };
}

/** The widget API repeats a job once per location, same shortcode: the entries of each shortcode, first-seen order. */
export function groupWorkableJobs(jobs: readonly WorkableJob[]): [WorkableJob, ...WorkableJob[]][] {
  const byCode = new Map<string, [WorkableJob, ...WorkableJob[]]>();
  for (const job of jobs) {
    const seen = byCode.get(job.shortcode);
    if (seen === undefined) byCode.set(job.shortcode, [job]);
    else seen.push(job);
  }
  return [...byCode.values()];
}
