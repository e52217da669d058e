import { workableEntry } from './config';
import { defineImporter } from '../sdk/definition';
import { fetchJson } from '../sdk/kinds/json';
import { groupWorkableJobs, mapWorkableJob, workableAccountSchema } from './map';

export { workableConfigSchema, type WorkableConfig } from './config';

/**
 * Workable widget API (`/api/accounts/{subdomain}?details=true`), one unpaginated request. Quirks: a job
 * published in several locations appears once per location with the same `shortcode`; it becomes one job with the
 * first entry's fields and every entry's location. `telecommuting`
 * is the remote flag, `published_on` a bare date, and empty strings stand for missing values.
 */
export const workable = defineImporter({
  ...workableEntry,
  async *extract(ctx, config) {
    const url = `${config.baseUrl.replace(/\/$/, '')}/api/accounts/${encodeURIComponent(config.subdomain)}?details=true`;
    const page = await fetchJson(ctx, url, workableAccountSchema);
    ctx.observe.page({ url: page.url, status: page.status, bytes: page.bytes });
    const jobs = groupWorkableJobs(page.body.jobs);
    ctx.observe.progress({ pages: 1, bytes: page.bytes, jobs: jobs.length });
    for (const [job, ...repeats] of jobs) yield { raw: mapWorkableJob(job, repeats), sourceUrl: page.url };
  },
});

export default workable;
