import { z } from 'zod';
import { defineEntry } from '../sdk/definition';
import { compileDateFormat } from './date-format';
import { parseJsonPath, parseXmlPath, PathSyntaxError } from './path';
import { feedFieldMapSchema } from './field-map';
import { PRESETS } from './presets';

export { FEED_FIELDS, feedFieldMapSchema, feedFieldSpecSchema } from './field-map';
export type { FeedField, FeedFieldMap, FeedFieldSpec } from './field-map';

/**
 * The `feed` importer's configuration: where the feed is, what one item is, and the html kind's field map with
 * paths in place of selectors. Every path, regex and date format is checked here, so a mistake is reported with
 * its field path (`config.fields.city.path`) and position before anything is fetched.
 */

const pathString = z.string().min(1);

/** The json kind's pagination strategies, with paths where it takes callbacks. */
export const paginationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('next'), path: pathString }),
  z.strictObject({ type: z.literal('offset'), offset: z.string().default('offset'), limit: z.string().default('limit'), size: z.number().int().min(1).max(10_000) }),
  z.strictObject({ type: z.literal('page'), param: z.string().default('page'), first: z.number().int().min(0).default(1), size: z.number().int().min(1).optional(), pages: pathString.optional() }),
  z.strictObject({ type: z.literal('cursor'), param: z.string().min(1), path: pathString }),
]);
export type FeedPagination = z.infer<typeof paginationSchema>;

export const feedConfigSchema = z
  .strictObject({
    feedUrl: z.url({ protocol: /^https?$/ }),
    /** Detected from the content type, then the first bytes, when absent. */
    format: z.enum(['xml', 'json']).optional(),
    /** A known shape whose `items` and `fields` are the defaults: `indeed`, `rss` (2.0), `atom`. */
    preset: z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]]).optional(),
    /** XML: item element name (`job`) or path from the root (`rss/channel/item`); JSON: `hits`, `data.jobs` or `$`. */
    items: z.string().min(1).optional(),
    fields: feedFieldMapSchema.default({}),
    /** JSON APIs only. */
    pagination: paginationSchema.optional(),
    /** A total the API reports (`meta.total`), compared with what was read and reported when they differ. */
    total: pathString.optional(),
    maxPages: z.number().int().min(1).max(1000).default(200),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((config, ctx) => {
    const preset = config.preset === undefined ? undefined : PRESETS[config.preset];
    const format = config.format ?? preset?.format ?? (config.pagination ? 'json' : undefined);
    if (config.items === undefined && preset === undefined) ctx.addIssue({ code: 'custom', path: ['items'], message: 'items is required (or a preset)' });
    if (config.pagination !== undefined && format === 'xml') ctx.addIssue({ code: 'custom', path: ['pagination'], message: 'pagination is for JSON APIs; an XML feed is one document' });
    const fields = { ...preset?.fields, ...config.fields };
    for (const required of ['externalId', 'title'] as const) {
      if (fields[required] === undefined) ctx.addIssue({ code: 'custom', path: ['fields', required], message: `${required} needs a field` });
    }
    const check = (path: string, where: (string | number)[], kind: 'path' | 'items' = 'path'): void => {
      const problem = pathProblem(path, format, kind);
      if (problem !== null) ctx.addIssue({ code: 'custom', path: where, message: problem });
    };
    if (config.items !== undefined) check(config.items, ['items'], 'items');
    if (config.total !== undefined) check(config.total, ['total']);
    if (config.pagination?.type === 'next' || config.pagination?.type === 'cursor') check(config.pagination.path, ['pagination', 'path']);
    if (config.pagination?.type === 'page' && config.pagination.pages !== undefined) check(config.pagination.pages, ['pagination', 'pages']);
    for (const [name, spec] of Object.entries(config.fields)) {
      if (typeof spec === 'string') {
        check(spec, ['fields', name]);
        continue;
      }
      if (spec.path === undefined && spec.join === undefined && spec.value === undefined) {
        ctx.addIssue({ code: 'custom', path: ['fields', name], message: 'a field needs a path, join or value' });
      }
      if (spec.path !== undefined) check(spec.path, ['fields', name, 'path']);
      spec.join?.forEach((p, i) => check(p, ['fields', name, 'join', i]));
      if (spec.regex !== undefined) {
        try {
          compileRegex(spec.regex);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['fields', name, 'regex'], message: err instanceof Error ? err.message : String(err) });
        }
      }
      if (spec.format !== undefined) {
        try {
          compileDateFormat(spec.format);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['fields', name, 'format'], message: err instanceof Error ? err.message : String(err) });
        }
      }
    }
  });
export type FeedConfig = z.output<typeof feedConfigSchema>;
export type FeedConfigInput = z.input<typeof feedConfigSchema>;

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const feedEntry = defineEntry<FeedConfig>({
  key: 'feed',
  kind: 'xml',
  description: 'Any XML, RSS, Atom or JSON feed, mapped by paths stored in the import configuration (no code).',
  configSchema: feedConfigSchema as never,
  defaultSchedule: '17 */4 * * *',
});

/** Why `path` cannot be read in `format`, or null. Format unknown: it must be valid in one of the two. */
export function pathProblem(path: string, format: 'xml' | 'json' | undefined, kind: 'path' | 'items' = 'path'): string | null {
  const xml = (): string | null => {
    try {
      const steps = parseXmlPath(path);
      if (kind === 'items' && steps.some((s) => s.kind !== 'element' || s.position !== undefined)) return `items "${path}": element names only (job, rss/channel/item)`;
      return null;
    } catch (err) {
      return err instanceof PathSyntaxError ? err.message : String(err);
    }
  };
  const json = (): string | null => {
    try {
      parseJsonPath(path);
      return null;
    } catch (err) {
      return err instanceof PathSyntaxError ? err.message : String(err);
    }
  };
  if (format === 'xml') return xml();
  if (format === 'json') return json();
  const x = xml();
  const j = json();
  if (x === null || j === null) return null;
  return /[/@]/.test(path) ? x : j;
}

/** `regex` as written (`(\d+)`) or with flags (`/fully remote/i`). */
export function compileRegex(source: string): RegExp {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(source);
  const [pattern, flags] = slashed === null ? [source, ''] : [slashed[1]!, slashed[2]!];
  return new RegExp(pattern, flags.includes('u') ? flags : `${flags}u`);
}
