import { LayoutChangedError } from '../errors';

/**
 * What the XML reader sees outside its items, for two uses: saying what a feed holds when the configured item
 * matches nothing ("no `offer` element under `jobs`; found `item` ×4"), and finding the repeating item of an
 * unknown feed (`importer try feed --suggest`). Counted as elements open, never kept: bounded in names and depth.
 */
export interface XmlSurvey {
  /** Items handed out. */
  items: number;
  /** Child element names (qualified) counted per parent path from the root (`rss/channel` → item ×16). */
  children: Map<string, Map<string, number>>;
}

/** Parent paths and names counted at most (feeds repeat the same few), and how deep. */
const MAX_NAMES = 500;
const MAX_DEPTH = 6;

export function createXmlSurvey(): XmlSurvey {
  return { items: 0, children: new Map() };
}

/** Counts `name` under the open elements `open` (root first). */
export function surveyChild(survey: XmlSurvey, open: readonly string[], name: string): void {
  if (open.length >= MAX_DEPTH) return;
  const parent = open.join('/');
  let children = survey.children.get(parent);
  if (children === undefined) {
    if (survey.children.size >= MAX_NAMES) return;
    children = new Map();
    survey.children.set(parent, children);
  }
  const seen = children.get(name);
  if (seen !== undefined) children.set(name, seen + 1);
  else if (children.size < MAX_NAMES) children.set(name, 1);
}

/** Whether the element just opened (last of `open`, outside any item) is an item. */
export type ItemMatcher = (open: readonly string[], qualified: string, local: string) => boolean;

const matchesName = (step: string, qualified: string): boolean =>
  step.includes(':') ? step === qualified : step === qualified.slice(qualified.indexOf(':') + 1);

/**
 * `job` (local name, any depth), `g:item` (qualified), `rss/channel/item` (exact path from the root); `''` matches
 * nothing (a survey of the document only).
 */
export function itemMatcher(item: string): ItemMatcher {
  const steps = item.split('/').filter((s) => s !== '');
  if (steps.length === 0) return () => false;
  if (steps.length > 1) return (open) => open.length === steps.length && open.every((name, i) => matchesName(steps[i]!, name));
  const name = steps[0] ?? item;
  if (name.includes(':')) return (_open, qualified) => qualified === name;
  return (_open, _qualified, local) => local === name;
}

/**
 * The likely item of a feed (`jobs/offer` ×16): an element with children of its own, repeated, and not inside
 * another repeated element (an offer's two `<location>` are part of the offer); the most repeated of those.
 */
export function repeatingElement(survey: XmlSurvey): { path: string; count: number } | null {
  const counts = new Map<string, number>();
  for (const [parent, children] of survey.children) {
    for (const [name, count] of children) counts.set(parent === '' ? name : `${parent}/${name}`, count);
  }
  const nested = (path: string): boolean => {
    for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) if ((counts.get(path.slice(0, at)) ?? 0) > 1) return true;
    return false;
  };
  let best: { path: string; count: number; rank: number } | null = null;
  for (const [path, count] of counts) {
    // The root is never an item, unless it is all there is.
    if (!path.includes('/') && counts.size > 1) continue;
    const rank = (survey.children.has(path) ? 2 : 0) + (nested(path) ? 0 : 1);
    if (best === null || rank > best.rank || (rank === best.rank && (count > best.count || (count === best.count && path.length < best.path.length)))) {
      best = { path, count, rank };
    }
  }
  return best === null ? null : { path: best.path, count: best.count };
}

/**
 * "items: no `offer` element under `jobs`; found `item` ×4": what the configuration missed and what is there. Null
 * when the document repeats no element at all: an empty listing (`<source><publisher>…</publisher></source>`) is
 * legitimate.
 */
export function explainNoItems(item: string, source: string, survey: XmlSurvey): LayoutChangedError | null {
  if (survey.items > 0) return null;
  const likely = repeatingElement(survey);
  if (likely === null || likely.count < 2) return null;
  const steps = item.split('/').filter((s) => s !== '');
  const name = steps.at(-1) ?? item;
  const configuredParent = steps.slice(0, -1).join('/');
  const parent = steps.length > 1 && survey.children.has(configuredParent) ? configuredParent : likely.path.split('/').slice(0, -1).join('/');
  const found = [...(survey.children.get(parent)?.entries() ?? [])]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([n, c]) => `\`${n}\` ×${c}`);
  const under = parent === '' ? 'in the document' : `under \`${parent}\``;
  const message = `items: no \`${name}\` element ${under}${found.length > 0 ? `; found ${found.join(', ')}` : ''} (${source})`;
  return new LayoutChangedError(message, { url: source, selector: item });
}
