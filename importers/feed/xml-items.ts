import { SaxesParser } from 'saxes';
import { InvalidDocumentError, LayoutChangedError } from '../sdk/errors';
import { TruncatedFeedError } from '../sdk/kinds/xml';
import { decodeCdataEntities, type LenientCounts, lenientXml, repairC1 } from './lenient';
import type { FeedElement } from './path';

/**
 * The feed importer's streaming XML reader. Same approach as the xml kind (saxes over decoded chunks, only the
 * item being read held as a small tree, handed out as it closes), plus what configurations need: items named by
 * a path from the root (`rss/channel/item`) or by a name at any depth, qualified names kept for `g:id` paths,
 * the lenient pre-pass of ./lenient, and an "items matched nothing" error that says what the feed does hold.
 */

export interface FeedXmlOptions {
  /** `job` (any depth, not inside another item) or `rss/channel/item` (exact path from the root). */
  items: string;
  source: string;
  counts: LenientCounts;
  maxItemChars?: number;
}

const DEFAULT_MAX_ITEM_CHARS = 5_000_000;
/** Element names counted per parent for the "found `item` ×4" hint: bounded, feeds repeat the same few. */
const MAX_TALLIED = 500;

function matchesName(step: string, qualified: string, local: string): boolean {
  return step.includes(':') ? step === qualified : step === local;
}

export async function* parseFeedXml(chunks: AsyncIterable<string>, options: FeedXmlOptions): AsyncGenerator<FeedElement> {
  const { source, counts } = options;
  const maxChars = options.maxItemChars ?? DEFAULT_MAX_ITEM_CHARS;
  const itemPath = options.items.split('/').filter((s) => s !== '');
  const absolute = itemPath.length > 1;
  const itemName = itemPath.at(-1)!;
  const parser = new SaxesParser({ xmlns: false, fileName: source, position: true });
  const open: string[] = [];
  const stack: FeedElement[] = [];
  const ready: FeedElement[] = [];
  /** Children counted per parent path (`jobs` → offer ×0, item ×4), for the error when nothing matched. */
  const tally = new Map<string, Map<string, number>>();
  let tallied = 0;
  let items = 0;
  let itemChars = 0;
  let sawRoot = false;
  let prologChars = 0;

  const where = (): string => `${source} line ${parser.line}, column ${parser.column + 1}`;
  const count = (n: number): void => {
    itemChars += n;
    if (itemChars > maxChars) throw new InvalidDocumentError(`XML item <${itemName}> larger than ${maxChars} characters at ${where()}`, { url: source });
  };
  const addText = (raw: string, cdata: boolean): void => {
    const current = stack.at(-1);
    if (current === undefined) return;
    let text = repairC1(raw, counts);
    if (cdata) text = decodeCdataEntities(text, counts);
    count(text.length);
    current.text += text;
    if (current.parts !== null) current.parts[current.parts.length - 1] += text;
  };
  const isItem = (qualified: string, local: string): boolean => {
    if (stack.length > 0) return false;
    if (!absolute) return matchesName(itemName, qualified, local);
    if (open.length !== itemPath.length) return false;
    return open.every((name, i) => matchesName(itemPath[i]!, name, name.slice(name.indexOf(':') + 1)));
  };

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw new InvalidDocumentError(`XML feed ${source} declares entities in its DOCTYPE (refused: no DTD processing)`, { url: source });
    }
  });
  parser.on('opentag', (tag) => {
    sawRoot = true;
    const parentPath = open.join('/');
    open.push(tag.name);
    const local = tag.name.slice(tag.name.indexOf(':') + 1);
    if (stack.length === 0 && open.length <= 6) {
      let children = tally.get(parentPath);
      if (children === undefined && tallied < MAX_TALLIED) {
        children = new Map();
        tally.set(parentPath, children);
      }
      if (children !== undefined && (children.has(tag.name) || tallied++ < MAX_TALLIED)) children.set(tag.name, (children.get(tag.name) ?? 0) + 1);
    }
    if (stack.length === 0 && !isItem(tag.name, local)) return;
    const attributes: Record<string, string> = {};
    let chars = tag.name.length;
    for (const name in tag.attributes) {
      const value = repairC1(tag.attributes[name]!, counts);
      attributes[name] = value;
      chars += name.length + value.length;
    }
    const element: FeedElement = { name: tag.name, local, attributes, text: '', children: [], parts: null };
    count(chars);
    const parent = stack.at(-1);
    if (parent !== undefined) {
      parent.parts ??= [parent.text];
      parent.children.push(element);
      parent.parts.push('');
    }
    stack.push(element);
  });
  parser.on('closetag', () => {
    open.pop();
    const closed = stack.pop();
    if (closed !== undefined && stack.length === 0) {
      ready.push(closed);
      items += 1;
      itemChars = 0;
    }
  });
  parser.on('text', (t) => addText(t, false));
  parser.on('cdata', (t) => addText(t, true));

  const guarded = (step: () => void): void => {
    try {
      step();
    } catch (err) {
      if (err instanceof InvalidDocumentError || err instanceof TruncatedFeedError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new InvalidDocumentError(`Malformed XML feed: ${message}`, { url: source, cause: err });
    }
  };

  for await (const chunk of lenientXml(chunks, counts)) {
    guarded(() => parser.write(chunk));
    if (!sawRoot) {
      prologChars += chunk.length;
      if (prologChars > maxChars) throw new InvalidDocumentError(`XML feed ${source} has no root element in its first ${maxChars} characters`, { url: source });
    }
    while (ready.length > 0) yield ready.shift()!;
  }
  if (open.length > 0) {
    throw new TruncatedFeedError(
      `XML feed ${source} ended early at line ${parser.line}, column ${parser.column + 1}, inside <${open.join('/')}>: the listing is incomplete`,
      { url: source, line: parser.line },
    );
  }
  guarded(() => parser.close());
  while (ready.length > 0) yield ready.shift()!;
  if (items === 0) {
    const error = nothingMatched(options.items, source, tally);
    if (error !== null) throw error;
  }
}

/**
 * "no `offer` element under `jobs`; found `item` ×4": what the configuration missed, and what is there. Null when
 * the feed repeats no element at all: an empty listing (`<source><publisher>…</publisher></source>`) is legitimate.
 */
function nothingMatched(items: string, source: string, tally: Map<string, Map<string, number>>): LayoutChangedError | null {
  let repeats = false;
  for (const children of tally.values()) for (const n of children.values()) if (n > 1) repeats = true;
  if (!repeats) return null;
  const steps = items.split('/').filter((s) => s !== '');
  const name = steps.at(-1)!;
  let parent = steps.length > 1 ? steps.slice(0, -1).join('/') : null;
  if (parent === null || !tally.has(parent)) {
    // The most repeated element anywhere is the likely item; report what its parent holds.
    let best: [string, number] = ['', 0];
    for (const [path, children] of tally) for (const n of children.values()) if (n > best[1]) best = [path, n];
    parent = steps.length > 1 && tally.has(steps.slice(0, -1).join('/')) ? steps.slice(0, -1).join('/') : best[0];
  }
  const found = [...(tally.get(parent)?.entries() ?? [])]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([n, c]) => `\`${n}\` ×${c}`);
  const under = parent === '' ? 'in the document' : `under \`${parent}\``;
  const message = `items: no \`${name}\` element ${under}${found.length > 0 ? `; found ${found.join(', ')}` : ''} (${source})`;
  return new LayoutChangedError(message, { url: source, selector: items });
}
