import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count } from '../format';
import type { CheckResult, GoodRun, RunFigures } from '../types';
import { cap, skipped, verdict } from './result';

interface Structure {
  fingerprint: string;
  pages: number;
  sampleUrl: string;
}

function structuresOf(pages: RunFigures['pages']): Structure[] {
  const byFingerprint = new Map<string, Structure>();
  for (const page of pages) {
    if (!page.fingerprint) continue;
    const known = byFingerprint.get(page.fingerprint);
    if (known) known.pages++;
    else byFingerprint.set(page.fingerprint, { fingerprint: page.fingerprint, pages: 1, sampleUrl: page.url });
  }
  return [...byFingerprint.values()];
}

/**
 * No page looks like any page of the last good run: the site was redesigned. Compared with the last run only,
 * as layouts change for good, not by accident.
 */
export function checkStructure(figures: RunFigures, history: readonly GoodRun[], config: ChecksConfig['structure']): CheckResult {
  const last = history[0];
  if (last === undefined) return skipped('structure', 'no good run to compare page structures with');
  const current = structuresOf(figures.pages);
  // Only the html kinds fingerprint their pages.
  if (current.length === 0 || last.fingerprints.length === 0) {
    return skipped('structure', `no structure fingerprint to compare (${current.length} in this run, ${last.fingerprints.length} in the last good run ${last.runId})`);
  }
  const previous = new Set(last.fingerprints);
  const shared = current.filter((s) => previous.has(s.fingerprint)).length;
  const numbers = { structures: current.length, previous: previous.size, shared, lastGoodRun: last.runId };
  const seen = `${count(current.length, 'page structure')} in this run, ${shared === 0 ? 'none' : shared} seen in the last good run ${last.runId} (which had ${previous.size})`;
  if (shared > 0) return verdict('structure', false, config.severity, seen, numbers);
  return verdict('structure', true, config.severity, `${seen}, e.g. ${current[0]!.sampleUrl}`, numbers, { structures: cap(current) });
}
