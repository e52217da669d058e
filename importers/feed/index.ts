import { defineImporter } from '../sdk/definition';
import { type FeedConfig, feedEntry } from './config';
import { extractFeed } from './extract';

export { feedConfigSchema, type FeedConfig, type FeedConfigInput } from './config';
export { extractFeed } from './extract';
export { PRESETS } from './presets';

/**
 * Any feed by configuration: XML with any element names (RSS 2.0, Atom, Indeed and partner exports, namespaced
 * elements), or a JSON answer paged like the json kind's APIs. Items and fields are paths stored in the import's
 * configuration; a preset (`indeed`, `rss`, `atom`) supplies the usual ones. XML is streamed: only the item being
 * read is held. Quirks of hand-built feeds (bare `&`, HTML entities, entities inside CDATA, windows-1252 debris)
 * are forgiven and counted in the run report.
 */
export const feed = defineImporter<FeedConfig>({
  ...feedEntry,
  extract: (ctx, config) => extractFeed(ctx, config),
});

export default feed;
