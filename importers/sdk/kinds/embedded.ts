import type { CheerioAPI } from 'cheerio';
import { InvalidDocumentError, LayoutChangedError } from '../errors';
import type { FieldValue, FieldValues } from './fields';
import type { EmbeddedJson } from './html-config';
import { parseLenientJson } from './jsonld-parse';

/**
 * Jobs a career page embeds as JSON rather than as markup (modern sites render from it): a `<script
 * type="application/json">` block, Next.js's `<script id="__NEXT_DATA__">`, or a state object assigned in a script
 * (`window.__STATE__ = {...};`). Reading one element per job there would yield one "job" for the whole list.
 */

export { embeddedJsonSchema, type EmbeddedJson } from './html-config';

/** How the source is named to the observer and in errors. */
export function describeEmbedded(spec: EmbeddedJson): string {
  return `${spec.script ?? `${spec.assignment} =`} → ${spec.items}`;
}

/** The value at `path` (see jsonPath), or undefined when a step is missing. */
export function readJsonPath(value: unknown, path: string): unknown {
  if (path === '$') return value;
  let current = value;
  for (const step of path.split('.')) {
    const [, key, indexes] = /^([^[\]]+)((?:\[\d+\])*)$/.exec(step) ?? [];
    if (key === undefined || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
    for (const index of (indexes ?? '').match(/\d+/g) ?? []) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(index)];
    }
  }
  return current;
}

/**
 * The text of the JSON value assigned to `name` in a script (`window.__STATE__ = {...};`), found by matching its
 * brackets (strings and escapes skipped); null when the script assigns no object or array to it.
 */
export function assignedJsonText(script: string, name: string): string | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|[^\\w$.])${escaped}\\s*=\\s*(?=[[{])`).exec(script);
  if (match === null) return null;
  const start = match.index + match[0].length;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < script.length; i++) {
    const c = script[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return script.slice(start, i + 1);
    }
  }
  return null;
}

function fieldValue(value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // A list of words (several cities, tags): read as one text.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.length === 0 ? null : value.join(', ');
  return null;
}

/**
 * Every job of the JSON a page embeds, as field values. Throws LayoutChangedError when the script or assignment is
 * missing or the path does not lead to an array (the site changed), InvalidDocumentError when the JSON is unreadable.
 */
export function readEmbeddedJobs($: CheerioAPI, spec: EmbeddedJson, url: string): FieldValues[] {
  let text: string | null = null;
  if (spec.script !== undefined) {
    const script = $(spec.script).first();
    text = script.length === 0 ? null : script.text();
  } else {
    for (const node of $('script').toArray()) {
      text = assignedJsonText($(node).text(), spec.assignment!);
      if (text !== null) break;
    }
  }
  if (text === null || text.trim() === '') {
    throw new LayoutChangedError(`Embedded JSON ${spec.script ?? `${spec.assignment} = …`} not found on ${url}`, { url, selector: spec.script ?? spec.assignment! });
  }
  let json: unknown;
  try {
    json = parseLenientJson(text);
  } catch (err) {
    throw new InvalidDocumentError(`Embedded JSON ${spec.script ?? spec.assignment} on ${url} is not readable: ${err instanceof Error ? err.message : String(err)}`, { url, cause: err });
  }
  const items = readJsonPath(json, spec.items);
  if (!Array.isArray(items)) {
    throw new LayoutChangedError(`Embedded JSON on ${url} has no array at "${spec.items}"`, { url, selector: describeEmbedded(spec) });
  }
  return items.map((item) => {
    const values: FieldValues = {};
    for (const [name, path] of Object.entries(spec.fields) as [keyof FieldValues, string][]) values[name] = fieldValue(readJsonPath(item, path));
    return values;
  });
}
