import { Failure } from '../../contracts/failure-types';

/**
 * Importer errors say whether retrying can help. Transient ones (timeouts, 5xx, 429, dropped connections) are
 * worth a Temporal retry; permanent ones (4xx, layout changed, invalid document, forbidden address) are not and
 * should become non-retryable failures carrying `type`, which is stable: incidents and alerts match on it.
 */
export interface ImporterErrorOptions {
  url?: string;
  status?: number;
  cause?: unknown;
}

export abstract class ImporterError extends Error {
  abstract readonly type: string;
  abstract readonly retryable: boolean;
  readonly url: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: ImporterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.url = options.url;
    this.status = options.status;
  }

  /** Plain data for logs and Temporal failure details (Error properties are not enumerable). */
  toDetails(): { type: string; retryable: boolean; message: string; url?: string; status?: number } {
    return {
      type: this.type,
      retryable: this.retryable,
      message: this.message,
      ...(this.url === undefined ? {} : { url: this.url }),
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** Connect, headers or body took too long. */
export class FetchTimeoutError extends ImporterError {
  readonly type = Failure.FetchTimeout;
  readonly retryable = true;
}

/** The connection failed or was reset, or DNS did not answer. */
export class NetworkError extends ImporterError {
  readonly type = Failure.Network;
  readonly retryable = true;
  readonly code: string | undefined;
  constructor(message: string, options: ImporterErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code;
  }
}

/** A non-2xx final status. 5xx, 408 and 429 are transient; other 4xx are permanent. */
export class HttpStatusError extends ImporterError {
  readonly type = Failure.HttpStatus;
  readonly retryable: boolean;
  /** From Retry-After, when the server sent one (429, 503). */
  readonly retryAfterMs: number | undefined;
  constructor(url: string, status: number, options: { retryAfterMs?: number } = {}) {
    super(`HTTP ${status} for ${url}`, { url, status });
    this.retryable = status >= 500 || status === 408 || status === 429;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export class BodyTooLargeError extends ImporterError {
  readonly type = Failure.BodyTooLarge;
  readonly retryable = false;
  constructor(url: string, limitBytes: number, status?: number) {
    super(`Response body of ${url} exceeds the ${limitBytes} bytes limit`, { url, status });
  }
}

export class TooManyRedirectsError extends ImporterError {
  readonly type = Failure.TooManyRedirects;
  readonly retryable = false;
}

/** The host resolves to a private, loopback or link-local address (SSRF guard), or the URL is not http(s). */
export class ForbiddenAddressError extends ImporterError {
  readonly type = Failure.ForbiddenAddress;
  readonly retryable = false;
}

/** The page no longer has the structure the importer expects (a required selector matches nothing). */
export class LayoutChangedError extends ImporterError {
  readonly type = Failure.LayoutChanged;
  readonly retryable = false;
  readonly selector: string | undefined;
  constructor(message: string, options: ImporterErrorOptions & { selector?: string } = {}) {
    super(message, options);
    this.selector = options.selector;
  }
}

/**
 * A listing still had a next page at the page limit. Returning what was read would look like a complete listing
 * and close every job beyond the limit, so the run fails instead; raise `maxPages` if the site really grew.
 */
export class PageLimitError extends ImporterError {
  readonly type = Failure.PageLimitReached;
  readonly retryable = false;
}

/**
 * One piece of a document (an item, a text node, a comment, an attribute, the text between items) is larger than
 * the parser keeps: the parser stops at the limit rather than buffering the whole piece, so a hostile 300 MB
 * node costs the limit, not 300 MB. Retrying reads the same document.
 */
export class ItemTooLargeError extends ImporterError {
  readonly type = Failure.ItemTooLarge;
  readonly retryable = false;
  readonly limit: number;
  constructor(message: string, options: ImporterErrorOptions & { limit: number }) {
    super(message, options);
    this.limit = options.limit;
  }
}

/**
 * A streamed body arrives more slowly than the policy's minimum throughput (a trickle that never goes silent long
 * enough for the body timeout). Transient for all we know, so retried a few times like a timeout.
 */
export class SlowTransferError extends ImporterError {
  readonly type = Failure.SlowTransfer;
  readonly retryable = true;
}

/** The document cannot be read (unparseable JSON-LD, not the expected format). */
export class InvalidDocumentError extends ImporterError {
  readonly type = Failure.InvalidDocument;
  readonly retryable = false;
}

/**
 * The feed ended inside an element. Usually a dropped or cut-off transfer, so worth a retry; either way the
 * items read so far are not the whole listing.
 */
export class TruncatedFeedError extends ImporterError {
  readonly type = Failure.TruncatedFeed;
  readonly retryable = true;
  readonly line: number;
  constructor(message: string, options: ImporterErrorOptions & { line: number }) {
    super(message, options);
    this.line = options.line;
  }
}

/** Unknown errors are treated as transient: a bounded retry costs less than a missed import. */
export function isRetryable(err: unknown): boolean {
  return err instanceof ImporterError ? err.retryable : true;
}
