import { z } from 'zod';
import { defineEntry } from '../sdk/definition';

export const greenhouseConfigSchema = z.object({
  /** The board token: `boards.greenhouse.io/{token}`. */
  boardToken: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a Greenhouse board token'),
  /** Name of the custom job field ("metadata") holding the contract type, e.g. "Type de contrat". */
  contractTypeField: z.string().min(1).optional(),
  /** Name of the custom job field holding the working time, e.g. "Temps de travail", when kept apart. */
  workingTimeField: z.string().min(1).optional(),
  /** The former name of `contractTypeField`, still read from stored configurations. */
  employmentTypeField: z.string().min(1).optional(),
  /** API origin; overridden by tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://boards-api.greenhouse.io'),
});
export type GreenhouseConfig = z.infer<typeof greenhouseConfigSchema>;

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const greenhouseEntry = defineEntry({
  key: 'greenhouse',
  kind: 'json',
  description: 'Greenhouse job board (boards-api.greenhouse.io): escaped HTML content, free-text locations',
  configSchema: greenhouseConfigSchema,
  defaultSchedule: '17 */6 * * *',
});
