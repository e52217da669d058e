// The fetch policy alone (no HTTP client): read by the API's review practices and the platform's limits.

/**
 * How an import may use the network. Times in milliseconds, sizes in bytes. Undici checks the headers and body
 * timeouts on a timer that ticks about once a second, so they fire up to ~1 s late: fine for limits in seconds.
 */
export interface FetchPolicy {
  connectTimeoutMs: number;
  /** From request sent to response headers received. */
  headersTimeoutMs: number;
  /** Longest silence between two body chunks. */
  bodyTimeoutMs: number;
  /** Whole `fetch` (redirects and body included). */
  totalTimeoutMs: number;
  /** Whole `fetchStream` (redirects and the whole body): large feeds take longer than a page, never unbounded. */
  streamTimeoutMs: number;
  /**
   * Slowest acceptable stream, in bytes per second, measured over `throughputWindowMs` of waiting for the source
   * (time the importer spends on what it read is not counted): a body trickling a byte a second never goes silent
   * long enough for `bodyTimeoutMs`, and would otherwise hold a run until the compartment's limit.
   */
  minStreamBytesPerSecond: number;
  throughputWindowMs: number;
  maxBodyBytes: number;
  maxStreamBytes: number;
  maxRedirects: number;
  perHostConcurrency: number;
  /**
   * Private hosts and networks that may be reached (host names, CIDRs). A platform setting (FETCH_ALLOW_PRIVATE,
   * set by ops: fixture sites, tests), never an import's: see `effectiveFetchPolicy`.
   */
  allowPrivate: readonly string[];
  userAgent: string;
  headers: Record<string, string>;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 20_000,
  bodyTimeoutMs: 20_000,
  totalTimeoutMs: 60_000,
  streamTimeoutMs: 15 * 60_000,
  minStreamBytesPerSecond: 1024,
  throughputWindowMs: 20_000,
  maxBodyBytes: 10 * 1024 * 1024,
  maxStreamBytes: 512 * 1024 * 1024,
  maxRedirects: 5,
  perHostConcurrency: 2,
  allowPrivate: [],
  userAgent: 'LiaisonBot/0.1 (job import)',
  // Identity: undici does not decompress, and a size limit on compressed bytes would not bound memory anyway.
  headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8', 'accept-encoding': 'identity' },
};
