import type { ExtractObserver, FidelityNote } from '../../importers/sdk';
import type { Observations, Progress, SelectorStat } from './protocol';

const MAX_PAGES_KEPT = 200;
/** Fidelity notes are merged by kind and URL; a run with notes on more documents keeps the first ones. */
const MAX_FIDELITY_KEPT = 50;

/** Collects what an importer observed, in bounded memory, and reports progress at most every 500 ms. */
export function createObserver(onProgress: (progress: Progress) => void): { observer: ExtractObserver; observations: Observations; setExcerpt(url: string, text: string): void } {
  const observations: Observations = { pages: [], pageCount: 0, bytes: 0, selectors: [], fidelity: [], expectedCounts: [], excerpt: null };
  const notes = new Map<string, FidelityNote>();
  const selectors = new Map<string, SelectorStat>();
  let lastReport = 0;
  const observer: ExtractObserver = {
    page(info) {
      observations.pageCount += 1;
      observations.bytes += info.bytes;
      if (observations.pages.length < MAX_PAGES_KEPT || info.status >= 400) {
        observations.pages.push({ url: info.url, status: info.status, bytes: info.bytes, ...(info.fingerprint ? { fingerprint: info.fingerprint } : {}) });
      }
    },
    selector(info) {
      const key = `${info.field}\u0000${info.selector}`;
      let stat = selectors.get(key);
      if (!stat) {
        stat = { field: info.field, selector: info.selector, pages: 0, matchedPages: 0, matches: 0, sampleUrl: info.url };
        selectors.set(key, stat);
        observations.selectors.push(stat);
      }
      stat.pages += 1;
      stat.matches += info.matched;
      if (info.matched > 0) stat.matchedPages += 1;
      else stat.sampleUrl = info.url;
    },
    fidelity(note) {
      const key = `${note.kind}\u0000${note.url}\u0000${note.repaired}`;
      const known = notes.get(key);
      if (known) {
        known.count += note.count;
        known.message = note.message;
      } else if (notes.size < MAX_FIDELITY_KEPT) {
        const kept = { ...note };
        notes.set(key, kept);
        observations.fidelity!.push(kept);
      }
    },
    expectedCount(info) {
      if (observations.expectedCounts!.length < MAX_PAGES_KEPT) observations.expectedCounts!.push({ ...info, text: info.text.slice(0, 200) });
    },
    progress(info) {
      const now = Date.now();
      if (now - lastReport >= 500) {
        lastReport = now;
        onProgress(info);
      }
    },
  };
  return {
    observer,
    observations,
    setExcerpt(url, text) {
      observations.excerpt ??= { url, text: text.slice(0, 2048) };
    },
  };
}
