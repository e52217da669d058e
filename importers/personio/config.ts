import { z } from 'zod';
import { defineEntry } from '../sdk/definition';

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

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const personioEntry = defineEntry({
  key: 'personio',
  kind: 'xml',
  description: 'Personio XML feed ({company}.jobs.personio.de/xml), streamed; main and additional offices',
  configSchema: personioConfigSchema,
  defaultSchedule: '53 */6 * * *',
});
