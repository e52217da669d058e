import { greenhouseEntry } from './config';
import { defineImporter } from '../sdk/definition';
import { fetchJsonPages } from '../sdk/kinds/json';
import { greenhouseBoardSchema, mapGreenhouseJob } from './map';

export { greenhouseConfigSchema, type GreenhouseConfig } from './config';

/**
 * Greenhouse Job Board API: one unpaginated request returns every published job. Quirks: `content` is
 * HTML-escaped once, `location.name` is free text ("Paris, Île-de-France, France", "Télétravail - France"),
 * there is no native contract type (clients keep it in a custom field, see `contractTypeField`), a job in
 * several places lists them in `location.name` ("Paris, France; Lyon, France"), and
 * `updated_at` carries the board's local offset (normalised to UTC downstream).
 */
export const greenhouse = defineImporter({
  ...greenhouseEntry,
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
