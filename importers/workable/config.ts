import { z } from 'zod';
import { defineEntry } from '../sdk/definition';

export const workableConfigSchema = z.object({
  /** The account subdomain: `apply.workable.com/{subdomain}`. */
  subdomain: z.string().regex(/^[a-z0-9-]+$/, 'a Workable account subdomain'),
  /** API origin; overridden by tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://www.workable.com'),
});
export type WorkableConfig = z.infer<typeof workableConfigSchema>;

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const workableEntry = defineEntry({
  key: 'workable',
  kind: 'json',
  description: 'Workable widget API; jobs repeated per location are merged by shortcode, every location kept',
  configSchema: workableConfigSchema,
  defaultSchedule: '47 */6 * * *',
});
