import type { XmlElement } from '../sdk/kinds/xml';

/**
 * The two path languages of the feed importer, parsed once per configuration and evaluated per item.
 *
 * XML (relative to the item): child steps `location/city`, a 1-based position as in XPath `category[3]`,
 * `@name` for an attribute (last step only: `link/@href`, `@id`), `.` for the item itself, prefixed names for
 * namespaced elements (`g:id`). An unprefixed step matches the local name whatever the prefix, so `id` reads
 * `<g:id>` too, while `g:id` reads only `<g:id>`.
 *
 * JSON (relative to the item): keys `office.city`, 0-based indexes `offices[0].city`, `[*]` for every element
 * `offices[*].city`, and `$` for the item itself (or, as `items`, the top-level value).
 *
 * A syntax error names the path and the 1-based position of the offending character, before any fetch.
 */

export class PathSyntaxError extends Error {
  constructor(
    readonly path: string,
    readonly position: number,
    reason: string,
  ) {
    super(`path "${path}": ${reason} at position ${position}`);
  }
}

/** One XML step: an element (qualified name or local name, optional 1-based position), `.`, or an attribute. */
export type XmlStep = { kind: 'self' } | { kind: 'attr'; name: string } | { kind: 'element'; name: string; prefixed: boolean; position?: number };

const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

export function parseXmlPath(path: string): XmlStep[] {
  if (path.trim() === '') throw new PathSyntaxError(path, 1, 'empty path');
  const steps: XmlStep[] = [];
  let offset = 0;
  const parts = path.split('/');
  parts.forEach((part, index) => {
    const at = offset + 1;
    offset += part.length + 1;
    if (part === '') {
      // A leading "/" would mean "from the document root": paths are relative to the item.
      throw new PathSyntaxError(path, at, index === 0 ? 'paths are relative to the item, remove the leading "/"' : 'empty step ("//")');
    }
    if (part === '.') return void steps.push({ kind: 'self' });
    if (part.startsWith('@')) {
      if (index !== parts.length - 1) throw new PathSyntaxError(path, at, 'an attribute (@…) must be the last step');
      const name = part.slice(1);
      if (!XML_NAME.test(name)) throw new PathSyntaxError(path, at + 1, `"${name}" is not an attribute name`);
      return void steps.push({ kind: 'attr', name });
    }
    const match = /^([^[\]]+)(?:\[(\d+)\])?$/.exec(part);
    if (match === null) {
      const bracket = part.indexOf('[');
      throw new PathSyntaxError(path, at + Math.max(bracket, 0), 'a position is a number in brackets, e.g. category[2]');
    }
    const name = match[1]!;
    if (!XML_NAME.test(name)) throw new PathSyntaxError(path, at, `"${name}" is not an element name`);
    const step: XmlStep = { kind: 'element', name, prefixed: name.includes(':') };
    if (match[2] !== undefined) {
      const position = Number(match[2]);
      if (position < 1) throw new PathSyntaxError(path, at + name.length + 1, 'positions start at 1, as in XPath');
      step.position = position;
    }
    steps.push(step);
  });
  return steps;
}

function matches(step: { name: string; prefixed: boolean }, el: XmlElement): boolean {
  return step.prefixed ? (el.qname ?? el.name) === step.name : el.name === step.name;
}

/** Elements (or attribute strings, for a final `@name` step) reached by `steps` from `from`. */
export function evalXmlPath(from: XmlElement, steps: readonly XmlStep[]): (XmlElement | string)[] {
  let level: XmlElement[] = [from];
  for (const step of steps) {
    if (step.kind === 'self') continue;
    if (step.kind === 'attr') {
      const out: string[] = [];
      for (const el of level) {
        const value = el.attributes[step.name] ?? attributeByLocalName(el, step.name);
        if (value !== undefined) out.push(value);
      }
      return out;
    }
    const next: XmlElement[] = [];
    for (const el of level) {
      let seen = 0;
      for (const child of el.children) {
        if (!matches(step, child)) continue;
        seen += 1;
        if (step.position === undefined || step.position === seen) next.push(child);
        if (step.position === seen) break;
      }
    }
    level = next;
    if (level.length === 0) return level;
  }
  return level;
}

function attributeByLocalName(el: XmlElement, name: string): string | undefined {
  if (name.includes(':')) return undefined;
  for (const key in el.attributes) if (key.slice(key.indexOf(':') + 1) === name) return el.attributes[key];
  return undefined;
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Inner markup: own text as is (CDATA or escaped HTML is already markup once decoded) and child elements
 * re-serialised, for feeds that inline XHTML in a description.
 */
export function innerMarkup(el: XmlElement): string {
  const { parts } = el;
  if (parts === undefined) return el.text;
  let out = '';
  el.children.forEach((child, i) => {
    out += parts[i] ?? '';
    const attrs = Object.entries(child.attributes)
      .map(([k, v]) => ` ${k}="${escapeText(v).replace(/"/g, '&quot;')}"`)
      .join('');
    out += `<${child.name}${attrs}>${innerMarkup(child)}</${child.name}>`;
  });
  return out + (parts[el.children.length] ?? '');
}

/** One JSON step: a key, a 0-based index, or every element. */
export type JsonStep = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

export function parseJsonPath(path: string): JsonStep[] {
  const trimmed = path.trim();
  if (trimmed === '') throw new PathSyntaxError(path, 1, 'empty path');
  if (trimmed === '$' || trimmed === '.') return [];
  const steps: JsonStep[] = [];
  let i = path.startsWith('$.') ? 2 : path.startsWith('$[') ? 1 : 0;
  let expectKey = true;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      const close = path.indexOf(']', i);
      if (close === -1) throw new PathSyntaxError(path, i + 1, 'unclosed "["');
      const inner = path.slice(i + 1, close);
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^(["']).*\1$/.test(inner)) steps.push({ kind: 'key', key: inner.slice(1, -1) });
      else throw new PathSyntaxError(path, i + 2, 'expected an index (0-based), * or a quoted key in brackets');
      i = close + 1;
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (expectKey) throw new PathSyntaxError(path, i + 1, 'empty key');
      i += 1;
      expectKey = true;
      if (i === path.length) throw new PathSyntaxError(path, i, 'path ends with "."');
      continue;
    }
    if (!expectKey) throw new PathSyntaxError(path, i + 1, `expected "." or "[" before "${c}"`);
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end += 1;
    const key = path.slice(i, end);
    if (/[\]\s]/.test(key)) throw new PathSyntaxError(path, i + 1 + key.search(/[\]\s]/), `unexpected "${key.match(/[\]\s]/)![0]}"`);
    steps.push({ kind: 'key', key });
    i = end;
    expectKey = false;
  }
  return steps;
}

/** Every value reached by `steps` (a `[*]` fans out; missing keys and nulls drop out, final nulls kept with `keepNulls`). */
export function evalJsonPath(from: unknown, steps: readonly JsonStep[], keepNulls = false): unknown[] {
  let level: unknown[] = [from];
  for (const [i, step] of steps.entries()) {
    const next: unknown[] = [];
    for (const value of level) {
      if (step.kind === 'key') {
        if (typeof value === 'object' && value !== null && !Array.isArray(value) && step.key in value) next.push((value as Record<string, unknown>)[step.key]);
      } else if (Array.isArray(value)) {
        if (step.kind === 'all') next.push(...(value as unknown[]));
        else if (step.index < value.length) next.push(value[step.index]);
      }
    }
    // `keepNulls`: a null reached by the last step stays in place (a field read as a list keeps its indexes).
    level = keepNulls && i === steps.length - 1 ? next.filter((v) => v !== undefined) : next.filter((v) => v !== null && v !== undefined);
    if (level.length === 0) break;
  }
  return level;
}
