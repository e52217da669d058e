import { personioEntry } from './config';
import { defineImporter } from '../sdk/definition';
import { extractXmlFeed } from '../sdk/kinds/xml';
import { mapPersonioPosition } from './map';

export { personioConfigSchema, type PersonioConfig } from './config';

/**
 * Personio XML feed (`/xml?language=fr`), streamed: `<workzag-jobs><position>`. Quirks: the description is a
 * list of titled CDATA blocks (`jobDescriptions/jobDescription`), contract and schedule are separate
 * (`employmentType` + `schedule`), offices are bare city names with no country (set `country`), a job offered in
 * several offices lists them under `additionalOffices` (each one a location of the job), and there is no apply
 * URL (built from the id).
 */
export const personio = defineImporter({
  ...personioEntry,
  async *extract(ctx, config) {
    const origin = (config.baseUrl ?? `https://${config.company}.jobs.personio.de`).replace(/\/$/, '');
    const options = { jobsOrigin: origin, language: config.language, country: config.country ?? null };
    yield* extractXmlFeed(ctx, {
      url: `${origin}/xml?language=${encodeURIComponent(config.language)}`,
      item: 'position',
      map: (position) => mapPersonioPosition(position, options),
    });
  },
});

export default personio;
