import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { decodeBuffer, decodeChunks } from './charset';
import type { ExtractContext, ExtractObserver, FetchedDocument, FidelityNote } from './definition';
import type { CharsetNote } from './charset-check';
import { BodyTooLargeError, FetchTimeoutError, HttpStatusError, ImporterError, SlowTransferError, TooManyRedirectsError } from './errors';
import { type AddressGuard, createAddressGuard } from './net/address-guard';
import { HostLimiter } from './net/host-limiter';
import { Agent, request } from './net/undici';
import { classify, discard, type FetchInit, header, lowerKeys, parseHttpUrl, retryAfterMs, sourceDocument, withoutKeys } from './net/http';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from './fetch-policy';
import type { SourceDocument } from '../../contracts/runs';

/** Told of every document read in full, so a later run can ask whether the source changed (net/source-record.ts). */
export interface SourceRecorder {
  document(doc: SourceDocument): void;
  /** Something the documents alone do not capture (a failed request, a stream left early, headers of the importer's own). */
  unreplayable(reason: string): void;
}

export { DEFAULT_FETCH_POLICY, type FetchPolicy } from './fetch-policy';
export { classify, type FetchInit } from './net/http';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

interface Opened {
  response: Dispatcher.ResponseData;
  url: string;
  finalUrl: string;
  release: () => void;
}

/**
 * The policy-bound HTTP client behind `ExtractContext.fetch` and `fetchStream`. Redirects are followed here, one
 * hop at a time, so every hop goes through the address guard and the per-host limit.
 */
export class PolicyFetcher {
  readonly policy: FetchPolicy;
  private readonly agent: Agent;
  private readonly limiter: HostLimiter;
  private readonly guard: AddressGuard;

  constructor(
    policy: Partial<FetchPolicy> = {},
    /** Told of every document read in full (validators, sha256 of its bytes) and of anything that cannot be replayed. */
    private readonly recorder?: SourceRecorder,
    /** Told of a charset repaired or of text that could not be decoded as published (charset-check.ts). */
    private readonly onFidelity?: (note: FidelityNote) => void,
  ) {
    this.policy = { ...DEFAULT_FETCH_POLICY, ...policy, headers: { ...DEFAULT_FETCH_POLICY.headers, ...policy.headers } };
    this.limiter = new HostLimiter(this.policy.perHostConcurrency);
    this.guard = createAddressGuard(this.policy.allowPrivate);
    this.agent = new Agent({
      connect: { timeout: this.policy.connectTimeoutMs, lookup: this.guard.lookup },
      headersTimeout: this.policy.headersTimeoutMs,
      bodyTimeout: this.policy.bodyTimeoutMs,
    });
  }

  async fetch(url: string, init: FetchInit = {}, signal?: AbortSignal): Promise<FetchedDocument> {
    const deadline = AbortSignal.timeout(this.policy.totalTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const fail = (err: unknown, at: string): never => {
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted && !(err instanceof ImporterError)) {
        throw new FetchTimeoutError(`${at} took longer than ${this.policy.totalTimeoutMs} ms`, { url: at, cause: err });
      }
      throw classify(err, at);
    };
    let opened: Opened;
    try {
      opened = await this.open(url, init, combined);
    } catch (err) {
      this.recorder?.unreplayable(`fetching ${url} failed`);
      return fail(err, url);
    }
    const { response, finalUrl, release } = opened;
    try {
      const body = await this.readBody(response, finalUrl, this.policy.maxBodyBytes);
      const contentType = header(response.headers, 'content-type');
      if (this.recorder) this.recorder.document(sourceDocument(url, init, finalUrl, response, createHash('sha256').update(body).digest('hex'), body.length));
      const { text, charset } = decodeBuffer(body, contentType, this.onFidelity && ((note) => this.onFidelity?.({ ...note, url: finalUrl })));
      return { url, finalUrl, status: response.statusCode, contentType, charset, text, bytes: body.length };
    } catch (err) {
      this.recorder?.unreplayable(`reading ${finalUrl} failed`);
      discard(response);
      return fail(err, finalUrl);
    } finally {
      release();
    }
  }

  async fetchStream(url: string, init: FetchInit = {}, signal?: AbortSignal): ReturnType<ExtractContext['fetchStream']> {
    const { streamTimeoutMs, minStreamBytesPerSecond, throughputWindowMs } = this.policy;
    // The request's signal aborts the body too: the deadline covers every byte, not only the headers.
    const deadline = AbortSignal.timeout(streamTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const fail = (err: unknown, at: string): never => {
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted && !(err instanceof ImporterError)) {
        throw new FetchTimeoutError(`Streaming ${at} took longer than ${streamTimeoutMs} ms`, { url: at, cause: err });
      }
      throw classify(err, at);
    };
    let opened: Opened;
    try {
      opened = await this.open(url, init, combined);
    } catch (err) {
      this.recorder?.unreplayable(`fetching ${url} failed`);
      return fail(err, url);
    }
    const { response, finalUrl, release } = opened;
    const contentType = header(response.headers, 'content-type');
    const limit = this.policy.maxStreamBytes;
    const recorder = this.recorder;
    // The slot is held until the consumer finishes or stops iterating: it must consume or break out of the loop.
    async function* bytes(): AsyncGenerator<Buffer> {
      let total = 0;
      let read = false;
      const hash = recorder ? createHash('sha256') : null;
      // Time spent waiting for the source and what it sent meanwhile, since the window began.
      let waitedMs = 0;
      let windowBytes = 0;
      try {
        const body = (response.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
        for (;;) {
          const asked = performance.now();
          const next = await body.next();
          waitedMs += performance.now() - asked;
          if (next.done) break;
          const chunk = next.value;
          total += chunk.length;
          if (total > limit) throw new BodyTooLargeError(finalUrl, limit, response.statusCode);
          windowBytes += chunk.length;
          if (waitedMs >= throughputWindowMs) {
            const rate = (windowBytes * 1000) / waitedMs;
            if (rate < minStreamBytesPerSecond) {
              throw new SlowTransferError(
                `${finalUrl} streamed ${windowBytes} bytes in ${Math.round(waitedMs)} ms (${rate.toFixed(1)} bytes/s), ` +
                  `below the ${minStreamBytesPerSecond} bytes/s minimum`,
                { url: finalUrl, status: response.statusCode },
              );
            }
            waitedMs = 0;
            windowBytes = 0;
          }
          hash?.update(chunk);
          yield chunk;
        }
        read = true;
        if (recorder && hash) recorder.document(sourceDocument(url, init, finalUrl, response, hash.digest('hex'), total));
      } catch (err) {
        fail(err, finalUrl);
      } finally {
        // A stream left early or failed: its digest would not stand for what the importer read.
        if (!read) recorder?.unreplayable(`${finalUrl} was not read to its end`);
        discard(response);
        release();
      }
    }
    const onNote = this.onFidelity && ((note: CharsetNote) => this.onFidelity?.({ ...note, url: finalUrl }));
    return { url, finalUrl, status: response.statusCode, contentType, chunks: decodeChunks(bytes(), contentType, undefined, onNote) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /**
   * Whether `doc` would read the same today: a conditional GET (If-None-Match / If-Modified-Since) answered 304, or
   * a body with the same final URL, content type and sha256. `doc` comes back with today's validators when the same.
   * Any error, status or change means "changed": the caller then extracts as usual.
   */
  async revalidate(doc: SourceDocument, signal?: AbortSignal): Promise<{ same: boolean; doc: SourceDocument }> {
    const changed = { same: false, doc };
    const conditional: Record<string, string> = {};
    if (doc.etag) conditional['if-none-match'] = doc.etag;
    if (doc.lastModified) conditional['if-modified-since'] = doc.lastModified;
    let opened: Opened;
    try {
      opened = await this.open(doc.url, { ...(doc.accept ? { accept: doc.accept } : {}), headers: conditional }, signal, true);
    } catch {
      return changed;
    }
    const { response, finalUrl, release } = opened;
    try {
      if (response.statusCode === 304) {
        await response.body.dump().catch(() => undefined);
        return finalUrl === doc.finalUrl ? { same: true, doc } : changed;
      }
      if (finalUrl !== doc.finalUrl || header(response.headers, 'content-type') !== doc.contentType) return changed;
      const hash = createHash('sha256');
      let total = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > this.policy.maxStreamBytes) return changed;
        hash.update(chunk);
      }
      const today = sourceDocument(doc.url, { ...(doc.accept ? { accept: doc.accept } : {}) }, finalUrl, response, hash.digest('hex'), total);
      return today.sha256 === doc.sha256 ? { same: true, doc: today } : changed;
    } catch {
      return changed;
    } finally {
      discard(response);
      release();
    }
  }

  private async open(url: string, init: FetchInit, signal: AbortSignal | undefined, notModifiedOk = false): Promise<Opened> {
    // Headers an importer adds (a token from its config) are not kept: a request with them cannot be replayed.
    if (!notModifiedOk && init.headers && Object.keys(init.headers).length > 0) this.recorder?.unreplayable('a request carries its own headers');
    let current = parseHttpUrl(url);
    let headers: Record<string, string> = {
      ...this.policy.headers,
      'user-agent': this.policy.userAgent,
      accept: init.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      ...lowerKeys(init.headers ?? {}),
    };
    const seen = new Set<string>([current.href]);
    for (let hop = 0; ; hop++) {
      await this.guard.assertUrl(current);
      const release = await this.limiter.acquire(current.host, signal);
      let response: Dispatcher.ResponseData;
      try {
        response = await request(current, { dispatcher: this.agent, headers, signal });
      } catch (err) {
        release();
        throw classify(err, current.href);
      }
      const status = response.statusCode;
      const location = header(response.headers, 'location');
      if ((status >= 200 && status < 300) || (notModifiedOk && status === 304)) return { response, url, finalUrl: current.href, release };
      await response.body.dump().catch(() => undefined);
      release();
      if (!REDIRECTS.has(status) || !location) {
        throw new HttpStatusError(current.href, status, { retryAfterMs: retryAfterMs(response.headers['retry-after']) });
      }
      const next = parseHttpUrl(location, current);
      if (seen.has(next.href)) {
        throw new TooManyRedirectsError(`Redirect loop: ${current.href} → ${next.href}`, { url, status });
      }
      if (hop + 1 > this.policy.maxRedirects) {
        throw new TooManyRedirectsError(`More than ${this.policy.maxRedirects} redirects from ${url}`, { url, status });
      }
      if (next.origin !== current.origin) headers = withoutKeys(headers, CREDENTIAL_HEADERS);
      seen.add(next.href);
      current = next;
    }
  }

  private async readBody(response: Dispatcher.ResponseData, url: string, limit: number): Promise<Buffer> {
    const declared = Number(header(response.headers, 'content-length'));
    if (declared > limit) throw new BodyTooLargeError(url, limit, response.statusCode);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw new BodyTooLargeError(url, limit, response.statusCode);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }
}

const NOOP_OBSERVER: ExtractObserver = { page: () => undefined, selector: () => undefined, progress: () => undefined };

/** The context an importer's `extract` runs with. Call `close()` when the run is over to free sockets. */
export function createExtractContext(
  policy: Partial<FetchPolicy> = {},
  observer: ExtractObserver = NOOP_OBSERVER,
  signal: AbortSignal = new AbortController().signal,
  recorder?: SourceRecorder,
): ExtractContext & { policy: FetchPolicy; close(): Promise<void> } {
  const fetcher = new PolicyFetcher(policy, recorder, observer.fidelity ? (note) => observer.fidelity?.(note) : undefined);
  return {
    fetch: (url, init) => fetcher.fetch(url, init, signal),
    fetchStream: (url, init) => fetcher.fetchStream(url, init, signal),
    observe: observer,
    signal,
    policy: fetcher.policy,
    close: () => fetcher.close(),
  };
}
