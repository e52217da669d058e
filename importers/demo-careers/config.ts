import { defineEntry } from '../sdk/definition';
import { htmlSiteSchema } from '../sdk/kinds/html-config';

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code (selectors in index.ts). */
export const demoCareersEntry = defineEntry({
  key: 'demo-careers',
  kind: 'html',
  description: 'Demo Careers career site (own CMS, French): listing + detail pages, one old template in windows-1252.',
  configSchema: htmlSiteSchema,
  defaultSchedule: '0 6 * * *',
});
