import { z } from 'zod';
import { defineImporter } from '../sdk/definition';
import { extractXmlFeed } from '../sdk/kinds/xml';
import { completeMultipostingJob, MULTIPOSTING_FIELDS } from './map';

export const multipostingXmlConfigSchema = z.object({
  /** The feed published for job boards (Indeed "XML feed" format). */
  feedUrl: z.url({ protocol: /^https?$/ }),
  /** Item element: `job` in the Indeed format; some multiposting tools use `offer` or `annonce`. */
  itemElement: z.string().regex(/^[A-Za-z_][\w.-]*$/).default('job'),
});
export type MultipostingXmlConfig = z.infer<typeof multipostingXmlConfigSchema>;

/**
 * Generic Indeed/multiposting XML feed (`<source><job>…</job></source>`), streamed. Quirks: values are
 * wrapped in CDATA or not, descriptions are CDATA HTML or entity-escaped HTML, `<date>` is RFC 2822,
 * `<salary>` is free text (parsed best effort), `<country>` is a code or a name, and `<remotetype>` (optional)
 * says "Fully remote" for remote jobs.
 */
export const multipostingXml = defineImporter({
  key: 'multiposting-xml',
  kind: 'xml',
  description: 'Indeed/multiposting-style XML feed (<source><job>), streamed',
  configSchema: multipostingXmlConfigSchema,
  defaultSchedule: '11 */4 * * *',
  extract(ctx, config) {
    return extractXmlFeed(ctx, {
      url: config.feedUrl,
      item: config.itemElement,
      fields: MULTIPOSTING_FIELDS,
      map: completeMultipostingJob,
    });
  },
});

export default multipostingXml;
