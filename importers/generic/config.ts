import { defineEntry } from '../sdk/definition';
import { htmlConfigSchema, type HtmlConfig } from '../sdk/kinds/html-config';
import { jsonldConfigSchema } from '../sdk/kinds/jsonld-config';

/** Catalogue entries (importers/catalogue.ts) of the configuration-only importers: all of them but the extraction code. */
export const htmlSiteEntry = defineEntry<HtmlConfig>({
  key: 'html-site',
  kind: 'html',
  description: 'Any career site, scraped with selectors stored in the import configuration (no code).',
  configSchema: htmlConfigSchema as never,
  defaultSchedule: '0 5 * * *',
});

export const jsonldSiteEntry = defineEntry({
  key: 'jsonld-site',
  kind: 'jsonld',
  description: 'Any career site publishing schema.org JobPosting JSON-LD (listing page + job pages, or explicit URLs).',
  configSchema: jsonldConfigSchema,
  defaultSchedule: '0 5 * * *',
});
