import { defineImporter } from '../sdk/definition';
import { extractHtml } from '../sdk/kinds/html';
import { extractJsonLd } from '../sdk/kinds/jsonld';
import { htmlSiteEntry, jsonldSiteEntry } from './config';

/**
 * Configuration-only importers: a career site whose selectors live in the import's stored configuration
 * (no code), and any site publishing schema.org JobPosting blocks.
 */
export const htmlSite = defineImporter({ ...htmlSiteEntry, extract: (ctx, config) => extractHtml(ctx, config) });

export const jsonldSite = defineImporter({ ...jsonldSiteEntry, extract: (ctx, config) => extractJsonLd(ctx, config) });
