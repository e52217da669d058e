import { z } from 'zod';
import { defineImporter } from '../sdk/definition';
import { extractXmlFeed } from '../sdk/kinds/xml';
import { mapPersonioPosition } from './map';

export const personioConfigSchema = z.object({
  /** The jobs page subdomain: `{company}.jobs.personio.de` (or `.com`, see baseUrl). */
  company: z.string().regex(/^[a-z0-9-]+$/, 'a Personio company subdomain'),
  /** Feed language: descriptions exist per language and a missing one falls back to the default. */
  language: z.string().regex(/^[a-z]{2}$/).default('fr'),
  /** Country of every office (ISO alpha-2 or name): the feed has none. */
  country: z.string().min(2).optional(),
  /** Jobs page origin, for `.jobs.personio.com` accounts and tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type PersonioConfig = z.infer<typeof personioConfigSchema>;

/**
 * Personio XML feed (`/xml?language=fr`), streamed: `<workzag-jobs><position>`. Quirks: the description is a
 * list of titled CDATA blocks (`jobDescriptions/jobDescription`), contract and schedule are separate
 * (`employmentType` + `schedule`), offices are bare city names with no country (set `country`), a job offered in
 * several offices lists them under `additionalOffices` (each one a location of the job), and there is no apply
 * URL (built from the id).
 */
export const personio = defineImporter({
  key: 'personio',
  kind: 'xml',
  description: 'Personio XML feed ({company}.jobs.personio.de/xml), streamed; main and additional offices',
  configSchema: personioConfigSchema,
  defaultSchedule: '53 */6 * * *',
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
