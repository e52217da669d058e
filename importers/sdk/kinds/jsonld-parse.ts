import { type CheerioAPI, load } from 'cheerio';

/**
 * Reading the JSON-LD real career sites publish, which is often not JSON: CMS templates leave comments and
 * trailing commas, paste descriptions with raw newlines inside strings, wrap the block in CDATA or HTML comments,
 * or HTML-escape the whole thing. Strict JSON.parse is tried first; the repair pass only runs when it fails.
 */

/** Decodes HTML entities (the content has no markup of its own once escaped). */
export function decodeEntities(text: string): string {
  return load(text, { xml: { xmlMode: false } }, false).root().text();
}

function unwrap(input: string): string {
  let text = input.trim();
  let previous;
  do {
    previous = text;
    text = text
      .replace(/^(?:\/\/[^\n]*?|\/\*\s*)?<!\[CDATA\[(?:\s*\*\/)?/, '')
      .replace(/(?:\/\/\s*|\/\*\s*)?\]\]>(?:\s*\*\/)?$/, '')
      .replace(/^<!--/, '')
      .replace(/(?:\/\/\s*)?-->$/, '')
      .trim();
  } while (text !== previous);
  return text;
}

const VALID_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/**
 * One pass over the text, aware of strings: drops // and /* comments and trailing commas outside strings; inside
 * strings, escapes raw control characters and drops backslashes JSON does not allow (\' from PHP templates).
 */
export function repairJson(text: string): string {
  let out = '';
  let inString = false;
  let pendingComma = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') {
        const next = text[i + 1] ?? '';
        out += VALID_ESCAPES.has(next) ? `\\${next}` : next;
        i++;
      } else if (c === '"') {
        inString = false;
        out += c;
      } else if (c.charCodeAt(0) < 0x20) {
        out += c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
      } else {
        out += c;
      }
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (/\s/.test(c)) {
      out += c;
      continue;
    }
    if (c === ',') {
      if (pendingComma) continue; // ",," : a list with a hole, read as one separator
      pendingComma = true;
      continue;
    }
    if (pendingComma && c !== '}' && c !== ']') out += ',';
    pendingComma = false;
    if (c === '"') inString = true;
    out += c;
  }
  return out;
}

/** Parses one JSON-LD block, repairing it if needed; throws SyntaxError when even the repaired text is not JSON. */
export function parseLenientJson(input: string): unknown {
  let text = unwrap(input);
  // An HTML-escaped block: no raw quote at all, but &quot; everywhere.
  if (!text.includes('"') && /&quot;|&#0*34;|&#x0*22;/i.test(text)) text = decodeEntities(text);
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(repairJson(text));
  }
}

export interface JsonLdBlocks {
  values: unknown[];
  /** Blocks that could not be read, with why. */
  failures: string[];
  /** Number of ld+json script elements. */
  count: number;
}

/** Every `<script type="application/ld+json">` of the page, parsed. */
export function readJsonLdBlocks($: CheerioAPI): JsonLdBlocks {
  const scripts = $('script[type]')
    .toArray()
    .filter((el) => /^\s*application\/ld\+json\s*(;|$)/i.test($(el).attr('type') ?? ''));
  const values: unknown[] = [];
  const failures: string[] = [];
  for (const el of scripts) {
    const text = $(el).text();
    if (text.trim() === '') continue;
    try {
      values.push(parseLenientJson(text));
    } catch (err) {
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { values, failures, count: scripts.length };
}

function isJobPosting(value: Record<string, unknown>): boolean {
  const type = value['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === 'string' && /(^|[/:#])JobPosting$/.test(t));
}

/** JobPosting objects anywhere in the values: top level, arrays, `@graph`, ItemList elements, mainEntity... */
export function findJobPostings(values: unknown[]): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 20 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
      return;
    }
    const obj = value as Record<string, unknown>;
    if (isJobPosting(obj)) {
      found.push(obj);
      return;
    }
    for (const v of Object.values(obj)) visit(v, depth + 1);
  };
  for (const v of values) visit(v, 0);
  return found;
}
