import { feedConfigSchema } from '../feed/config';
import { extractFeed } from '../feed/extract';
import { defineImporter } from '../sdk/definition';
import { multipostingXmlEntry, type MultipostingXmlConfig } from './config';

export { multipostingXmlConfigSchema, type MultipostingXmlConfig } from './config';

/** A stored multiposting-xml configuration as the `feed` configuration it stands for. */
export function asFeedConfig(config: MultipostingXmlConfig) {
  return feedConfigSchema.parse({ feedUrl: config.feedUrl, format: 'xml', preset: 'indeed', items: config.itemElement });
}

/**
 * Generic Indeed/multiposting XML feed (`<source><job>…</job></source>`), streamed: the `feed` importer with its
 * `indeed` preset (one way to read a feed), kept under its key so stored configurations (`feedUrl`, `itemElement`)
 * keep working. It reads XML strictly, as it always did: a feed that is not well-formed fails (the `feed` importer
 * with `"preset": "indeed"` reads the same feeds leniently). Quirks: values are wrapped in CDATA or not,
 * descriptions are CDATA HTML or entity-escaped HTML, `<date>` is RFC 2822, `<salary>` is free text (parsed best
 * effort), `<country>` is a code or a name, and `<remotetype>` (optional) says "Fully remote" for remote jobs.
 */
export const multipostingXml = defineImporter({
  ...multipostingXmlEntry,
  extract(ctx, config) {
    return extractFeed(ctx, asFeedConfig(config), { lenient: false, checkConfig: false });
  },
});

export default multipostingXml;
