import { z } from 'zod';
import { defineEntry } from '../sdk/definition';

export const recruiteeConfigSchema = z.object({
  /** The careers site subdomain: `{company}.recruitee.com`. */
  company: z.string().regex(/^[a-z0-9-]+$/, 'a Recruitee subdomain'),
  /** Origin of the careers site, for custom domains (`https://carrieres.example.fr`) and tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type RecruiteeConfig = z.infer<typeof recruiteeConfigSchema>;

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const recruiteeEntry = defineEntry({
  key: 'recruitee',
  kind: 'json',
  description: 'Recruitee careers site API ({company}.recruitee.com/api/offers/)',
  configSchema: recruiteeConfigSchema,
  defaultSchedule: '29 */6 * * *',
});
