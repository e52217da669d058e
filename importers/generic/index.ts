import { defineImporter, extractHtml, htmlConfigSchema, jsonldImporter, type HtmlConfig } from '../sdk';

/**
 * Configuration-only importers: a career site whose selectors live in the import's stored configuration
 * (no code), and any site publishing schema.org JobPosting blocks.
 */
export const htmlSite = defineImporter<HtmlConfig>({
  key: 'html-site',
  kind: 'html',
  description: 'Any career site, scraped with selectors stored in the import configuration (no code).',
  configSchema: htmlConfigSchema as never,
  defaultSchedule: '0 5 * * *',
  extract: (ctx, config) => extractHtml(ctx, config),
});

export const jsonldSite = jsonldImporter({
  key: 'jsonld-site',
  description: 'Any career site publishing schema.org JobPosting JSON-LD (listing page + job pages, or explicit URLs).',
});
