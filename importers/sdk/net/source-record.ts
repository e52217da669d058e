import { type FetchPolicy, PolicyFetcher } from '../fetch';

/**
 * One document an extraction read in full, as it came: enough to ask the server later whether it changed
 * (ETag, Last-Modified) and to tell by its bytes when the server cannot say (sha256 of the raw body, before any
 * charset decoding; the content type is kept because the decoding depends on it).
 */
export interface SourceDocument {
  url: string;
  accept: string | null;
  finalUrl: string;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  bytes: number;
}

export interface SourceRecorder {
  document(doc: SourceDocument): void;
  /** Something the documents alone do not capture (a failed request, a stream left early, headers of the importer's own). */
  unreplayable(reason: string): void;
}

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
