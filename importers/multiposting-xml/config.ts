import { z } from 'zod';
import { defineEntry } from '../sdk/definition';

export const multipostingXmlConfigSchema = z.object({
  /** The feed published for job boards (Indeed "XML feed" format). */
  feedUrl: z.url({ protocol: /^https?$/ }),
  /** Item element: `job` in the Indeed format; some multiposting tools use `offer` or `annonce`. */
  itemElement: z.string().regex(/^[A-Za-z_][\w.-]*$/).default('job'),
});
export type MultipostingXmlConfig = z.infer<typeof multipostingXmlConfigSchema>;

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const multipostingXmlEntry = defineEntry({
  key: 'multiposting-xml',
  kind: 'xml',
  description: 'Indeed/multiposting-style XML feed (<source><job>), streamed: the feed importer with the indeed preset',
  configSchema: multipostingXmlConfigSchema,
  defaultSchedule: '11 */4 * * *',
});
