import type { Dispatcher } from 'undici';
import type { SourceDocument } from '../../../contracts/runs';
import { FetchTimeoutError, ForbiddenAddressError, ImporterError, NetworkError } from '../errors';

/** The HTTP details of the policy fetcher (../fetch.ts): URLs, headers, bodies left unread, transport errors. */

export interface FetchInit {
  headers?: Record<string, string>;
  accept?: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** `Retry-After` in ms: seconds or an HTTP date (RFC 9110). */
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

export function sourceDocument(url: string, init: FetchInit, finalUrl: string, response: Dispatcher.ResponseData, sha256: string, bytes: number): SourceDocument {
  return {
    url,
    accept: init.accept ?? null,
    finalUrl,
    contentType: header(response.headers, 'content-type'),
    etag: header(response.headers, 'etag'),
    lastModified: header(response.headers, 'last-modified'),
    sha256,
    bytes,
  };
}

/** Destroys a body we stop reading; undici then emits an abort error that nobody else listens to. */
export function discard(response: Dispatcher.ResponseData): void {
  if (response.body.destroyed) return;
  response.body.on('error', () => undefined);
  response.body.destroy();
}

export function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export function withoutKeys(headers: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !keys.includes(k)));
}

export function parseHttpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new ForbiddenAddressError(`Invalid URL "${value}"`, { url: value });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ForbiddenAddressError(`Only http(s) URLs are fetched, got ${url.protocol} in ${url.href}`, { url: url.href });
  }
  url.hash = '';
  return url;
}

/** Undici and socket errors to importer errors that say whether to retry; unknown errors pass through. */
export function classify(err: unknown, url: string): unknown {
  if (err instanceof ImporterError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return err;
  const message = (err as Error).message;
  if (TIMEOUT_CODES.has(code)) return new FetchTimeoutError(`Timed out fetching ${url} (${code})`, { url, cause: err });
  if (/^(E[A-Z_]+|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code)) {
    return new NetworkError(`Network error fetching ${url}: ${code} ${message}`, { url, code, cause: err });
  }
  return err;
}
