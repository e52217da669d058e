import type { ImporterDefinition } from '../../importers/sdk';
import { UsageError } from './errors';

/**
 * Where an importer's configuration keeps its main URL, in the order `--url` looks for them: the html kind's
 * listing, a feed, the jsonld kind's pages, an ATS API origin (the importer appends the path to `baseUrl`).
 */
const URL_FIELDS = [
  { name: 'listUrls', array: true },
  { name: 'feedUrl', array: false },
  { name: 'urls', array: true },
  { name: 'baseUrl', array: false },
] as const;

interface SchemaDef {
  type: string;
  shape?: Record<string, unknown>;
  left?: unknown;
  right?: unknown;
  in?: unknown;
  innerType?: unknown;
}

const defOf = (schema: unknown): SchemaDef | undefined => (schema as { _zod?: { def?: SchemaDef } } | null)?._zod?.def;

/** Top-level field names of a zod object schema, through intersections, pipes and wrappers (default, optional…). */
export function configFields(schema: unknown): string[] {
  const def = defOf(schema);
  if (def === undefined) return [];
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape ?? {});
    case 'intersection':
      return [...new Set([...configFields(def.left), ...configFields(def.right)])];
    case 'pipe':
      return configFields(def.in);
    default:
      return def.innerType === undefined ? [] : configFields(def.innerType);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The configuration with its main URL replaced by `url`; `field` says which one, for the log. Throws a UsageError
 * when the importer's schema has none of the fields this CLI knows.
 */
export function withUrl(importer: ImporterDefinition<unknown>, config: unknown, url: string): { config: Record<string, unknown>; field: string } {
  const base = isRecord(config) ? { ...config } : {};
  const fields = configFields(importer.configSchema);
  const target = URL_FIELDS.find((f) => fields.includes(f.name));
  if (target === undefined) {
    throw new UsageError(
      `--url cannot be applied to importer "${importer.key}": its configuration has none of ` +
        `${URL_FIELDS.map((f) => f.name).join(', ')} (its fields: ${fields.join(', ') || 'none found'}); put the URL in --config instead`,
    );
  }
  // A jsonld configuration with a listing starts from the listing: that is its main URL, not the explicit pages.
  if (target.name === 'urls' && isRecord(base.listing)) {
    return { config: { ...base, listing: { ...base.listing, urls: [url] } }, field: 'listing.urls' };
  }
  return { config: { ...base, [target.name]: target.array ? [url] : url }, field: target.name };
}

/** The URLs a configuration starts from (any of the fields above), for display and the loopback decision. */
export function sourceUrls(config: unknown): string[] {
  if (!isRecord(config)) return [];
  const values = [...URL_FIELDS.map((f) => config[f.name]), isRecord(config.listing) ? config.listing.urls : undefined];
  return values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string' && v !== '');
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** True when every URL is on this machine: only then may the fetch policy allow private addresses. */
export function allLoopback(urls: readonly string[]): boolean {
  return (
    urls.length > 0 &&
    urls.every((u) => {
      try {
        const host = new URL(u).hostname;
        return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
      } catch {
        return false;
      }
    })
  );
}
