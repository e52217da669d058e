import { defineImporter, extractHtml, type HtmlConfig, htmlConfigSchema, type ImporterDefinition, jsonldImporter } from '../../importers/sdk';
import { demoCareers } from '../../importers/demo-careers';
import { greenhouse } from '../../importers/greenhouse';
import { lever } from '../../importers/lever';
import { multipostingXml } from '../../importers/multiposting-xml';
import { recruitee } from '../../importers/recruitee';
import { workable } from '../../importers/workable';
import type { ImporterKey } from '../../demo/sites/server';

/**
 * The importers the fixture sites are built for, by key. importers/ has no definition for the generic html and
 * jsonld kinds (only builders), so the two below stand in for them here; the others are the real definitions.
 */

/** The whole scraper as per-import configuration (selectors included), for sites without an importer folder. */
export const genericHtml = defineImporter<HtmlConfig>({
  key: 'html',
  kind: 'html',
  description: 'Generic html career site: the whole scraper (selectors, pagination, detail pages) is configuration',
  configSchema: htmlConfigSchema,
  defaultSchedule: '0 5 * * *',
  extract: (ctx, config) => extractHtml(ctx, config),
});

export const genericJsonld = jsonldImporter({
  key: 'jsonld',
  description: 'Generic schema.org JobPosting (JSON-LD) pages, from a listing or explicit URLs',
});

export const SITE_IMPORTERS = {
  'demo-careers': demoCareers,
  html: genericHtml,
  jsonld: genericJsonld,
  'multiposting-xml': multipostingXml,
  greenhouse,
  lever,
  workable,
  recruitee,
} satisfies Record<ImporterKey, Pick<ImporterDefinition, 'key' | 'kind'>>;

export type { ImporterKey } from '../../demo/sites/server';

/**
 * The definition behind a key, with its config type erased: callers parse the config with its `configSchema`
 * before `extract`, as the worker does with a stored configuration.
 */
export function importerFor(key: ImporterKey): ImporterDefinition<unknown> {
  return SITE_IMPORTERS[key] as ImporterDefinition<unknown>;
}
