import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count, firstOf } from '../format';
import type { CheckResult, RunFigures } from '../types';
import { cap, skipped, verdict } from './result';

/** The html kind's "no jobs" marker: matching nothing is its normal state whenever the listing has jobs. */
const ALWAYS_IGNORED = ['@empty'];
const IN_MESSAGE = 3;

type Selector = RunFigures['selectors'][number];

function describe(s: Selector): string {
  return `${s.selector} (field ${s.field})`;
}

/** A declared selector that matched nothing anywhere: the site's markup changed under it. Partial matches pass. */
export function checkSelectors(figures: RunFigures, config: ChecksConfig['selectors']): CheckResult {
  const ignore = new Set([...ALWAYS_IGNORED, ...config.ignore]);
  // Selectors never evaluated (pages 0) say nothing about the site.
  const evaluated = figures.selectors.filter((s) => s.pages > 0);
  const watched = evaluated.filter((s) => !ignore.has(s.field));
  const ignored = evaluated.length - watched.length;
  if (watched.length === 0) {
    const why = ignored === 0 ? 'no declared selector was evaluated' : `all ${count(ignored, 'evaluated selector')} are ignored`;
    return skipped('selectors', why, { selectors: 0, ignored });
  }
  const empty = watched.filter((s) => s.matchedPages === 0);
  const numbers = { selectors: watched.length, ignored, empty: empty.length };
  const [first] = empty;
  if (first === undefined) {
    const message = `every declared selector matched on at least one page (${watched.length} checked, ${ignored} ignored)`;
    return verdict('selectors', false, config.severity, message, numbers);
  }
  const message =
    empty.length === 1
      ? `selector ${describe(first)} matched nothing on ${count(first.pages, 'page')}, e.g. ${first.sampleUrl}`
      : `${empty.length} selectors matched nothing on any page: ${firstOf(empty, IN_MESSAGE, describe)}, e.g. ${first.sampleUrl}`;
  const details = { selectors: cap(empty.map(({ field, selector, pages, sampleUrl }) => ({ field, selector, pages, sampleUrl }))) };
  return verdict('selectors', true, config.severity, message, numbers, details);
}
