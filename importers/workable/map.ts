import { z } from 'zod';
import type { RawJob } from '../sdk/definition';

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

export function mapWorkableJob(job: WorkableJob): RawJob {
  return {
    externalId: job.shortcode,
    title: job.title,
    description: blankToNull(job.description),
    // One place per entry: a job in several places is repeated, one entry each (see dedupeWorkableJobs).
    locations: [
      {
        city: blankToNull(job.city),
        region: blankToNull(job.state),
        postalCode: blankToNull(job.zip_code),
        country: blankToNull(job.country),
        remote: job.telecommuting ?? false,
      },
    ],
    contractType: blankToNull(job.employment_type),
    department: blankToNull(job.department),
    salary: null,
    applyUrl: blankToNull(job.url) ?? blankToNull(job.application_url),
    // A calendar date ("2024-03-04"): normalisation reads it as midnight UTC.
    postedAt: blankToNull(job.published_on),
    updatedAt: null,
  };
}

/**
 * The widget API repeats a job once per location, same shortcode. One job per shortcode is kept, in first-seen
 * order, with the first entry's location as the primary one (the Job schema holds a single location); the
 * other locations are returned so callers can report them.
 */
export function dedupeWorkableJobs(jobs: readonly WorkableJob[]): { job: WorkableJob; otherLocations: string[] }[] {
  const byCode = new Map<string, { job: WorkableJob; otherLocations: string[] }>();
  for (const job of jobs) {
    const seen = byCode.get(job.shortcode);
    if (seen === undefined) {
      byCode.set(job.shortcode, { job, otherLocations: [] });
    } else {
      const place = [job.city, job.country].map(blankToNull).filter((p) => p !== null).join(', ');
      if (place !== '') seen.otherLocations.push(place);
    }
  }
  return [...byCode.values()];
}
