import { createHash } from 'node:crypto';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * A short hash of a page's layout, for "the site changed" checks: the set of paths of its structural elements
 * (tag + classes, through structural ancestors). A set, so one job more or less does not change it; content markup
 * (p, strong, div or ul without a class...) is skipped, so description text does not either; navigation widgets
 * count but not their inside, so the first and last page of a listing match; a redesign changes it.
 */

/** Landmarks count even without a class; any other element only with one (a bare div or ul is often content). */
const STRUCTURAL = new Set(['header', 'nav', 'main', 'section', 'article', 'aside', 'footer', 'form', 'body']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'head']);
const MAX_DEPTH = 12;
/** Widgets whose inside depends on where the page is (first/last page, current item), not on the layout. */
const WIDGET = /pagination|pager|breadcrumb/i;
/** Per-item or per-state classes: digits ("job-1042", "css-1x2y3z"), BEM modifiers, state flags. */
const VOLATILE_CLASS = /\d|--|^(is|has)-|^(active|current|selected|disabled|inactive|open|hidden)$/i;

function signature(el: Element): string | null {
  const name = el.name.toLowerCase();
  const classes = (el.attribs.class ?? '')
    .split(/\s+/)
    .filter((c) => c !== '' && !VOLATILE_CLASS.test(c))
    .sort();
  if (classes.length === 0 && !STRUCTURAL.has(name)) return null;
  return classes.length === 0 ? name : `${name}.${classes.join('.')}`;
}

function collect(nodes: AnyNode[], path: string, depth: number, out: Set<string>): void {
  if (depth > MAX_DEPTH) return;
  for (const node of nodes) {
    if (node.type !== 'tag') continue;
    const el = node as Element;
    if (SKIP.has(el.name.toLowerCase())) continue;
    const sig = signature(el);
    const next = sig === null ? path : `${path}>${sig}`;
    if (sig !== null) out.add(next);
    if (el.name.toLowerCase() === 'nav' || WIDGET.test(el.attribs.class ?? '')) continue;
    collect(el.children, next, sig === null ? depth : depth + 1, out);
  }
}

/** 16 hex characters; equal for pages built from the same template. */
export function structureFingerprint($: CheerioAPI): string {
  const paths = new Set<string>();
  collect($.root().contents().toArray(), '', 0, paths);
  return createHash('sha256').update([...paths].sort().join('\n')).digest('hex').slice(0, 16);
}
