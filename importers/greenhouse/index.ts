import { z } from 'zod';
import { defineImporter } from '../sdk/definition';
import { fetchJsonPages } from '../sdk/kinds/json';
import { greenhouseBoardSchema, mapGreenhouseJob } from './map';

export const greenhouseConfigSchema = z.object({
  /** The board token: `boards.greenhouse.io/{token}`. */
  boardToken: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a Greenhouse board token'),
  /** Name of the custom job field ("metadata") holding the contract type, e.g. "Type de contrat". */
  contractTypeField: z.string().min(1).optional(),
  /** Name of the custom job field holding the working time, e.g. "Temps de travail", when kept apart. */
  workingTimeField: z.string().min(1).optional(),
  /** The former name of `contractTypeField`, still read from stored configurations. */
  employmentTypeField: z.string().min(1).optional(),
  /** API origin; overridden by tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://boards-api.greenhouse.io'),
});
export type GreenhouseConfig = z.infer<typeof greenhouseConfigSchema>;

/**
 * Greenhouse Job Board API: one unpaginated request returns every published job. Quirks: `content` is
 * HTML-escaped once, `location.name` is free text ("Paris, Île-de-France, France", "Télétravail - France"),
 * there is no native contract type (clients keep it in a custom field, see `contractTypeField`), a job in
 * several places lists them in `location.name` ("Paris, France; Lyon, France"), and
 * `updated_at` carries the board's local offset (normalised to UTC downstream).
 */
export const greenhouse = defineImporter({
  key: 'greenhouse',
  kind: 'json',
  description: 'Greenhouse job board (boards-api.greenhouse.io): escaped HTML content, free-text locations',
  configSchema: greenhouseConfigSchema,
  defaultSchedule: '17 */6 * * *',
  async *extract(ctx, config) {
    const url = `${config.baseUrl.replace(/\/$/, '')}/v1/boards/${encodeURIComponent(config.boardToken)}/jobs?content=true`;
    const pages = fetchJsonPages(ctx, { url, schema: greenhouseBoardSchema, select: (board) => board.jobs });
    for await (const { item, url: sourceUrl } of pages) {
      const fields = { contractTypeField: config.contractTypeField ?? config.employmentTypeField, workingTimeField: config.workingTimeField };
      yield { raw: mapGreenhouseJob(item, fields), sourceUrl };
    }
  },
});

export default greenhouse;
