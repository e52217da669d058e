import type { SourceDocument } from '../../../contracts/runs';
import { type FetchPolicy, PolicyFetcher, type SourceRecorder } from '../fetch';

export type { SourceDocument } from '../../../contracts/runs';
export type { SourceRecorder } from '../fetch';


/**
 * What an extraction read, in the order it finished reading it. `documents()` is null when the run cannot be
 * replayed from them: then a later run can never be found unchanged against this one.
 */
export function createSourceRecord(): SourceRecorder & { documents(): SourceDocument[] | null; reason: string | null } {
  const documents: SourceDocument[] = [];
  const record = {
    reason: null as string | null,
    document(doc: SourceDocument) {
      documents.push(doc);
    },
    unreplayable(reason: string) {
      record.reason ??= reason;
    },
    documents: () => (record.reason === null ? documents : null),
  };
  return record;
}

/** Documents checked at once; the fetch policy's per-host limit still applies underneath. */
const CONCURRENCY = 8;

/**
 * Whether every document of an earlier extraction would read the same today, asked with conditional GETs under the
 * import's fetch policy (address guard, timeouts, per-host concurrency). Stops at the first change. The documents
 * come back with today's validators when all are the same.
 */
export async function revalidateSource(
  documents: SourceDocument[],
  policy: Partial<FetchPolicy>,
  signal?: AbortSignal,
): Promise<{ same: true; documents: SourceDocument[] } | { same: false; changedUrl: string | null }> {
  if (documents.length === 0) return { same: false, changedUrl: null };
  const fetcher = new PolicyFetcher(policy);
  const stop = new AbortController();
  const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const today: SourceDocument[] = new Array<SourceDocument>(documents.length);
  let changedUrl: string | null = null;
  let next = 0;
  const lane = async () => {
    while (changedUrl === null && next < documents.length) {
      const i = next++;
      const doc = documents[i]!;
      const result = await fetcher.revalidate(doc, combined);
      if (!result.same) {
        changedUrl ??= doc.url;
        stop.abort();
        return;
      }
      today[i] = result.doc;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, documents.length) }, lane));
  } finally {
    await fetcher.close();
  }
  return changedUrl === null ? { same: true, documents: today } : { same: false, changedUrl };
}
