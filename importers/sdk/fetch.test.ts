import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BodyTooLargeError,
  FetchTimeoutError,
  ForbiddenAddressError,
  HttpStatusError,
  NetworkError,
  SlowTransferError,
  TooManyRedirectsError,
} from './errors';
import { createExtractContext, type FetchPolicy } from './fetch';
import { startTestServer, type Handler, type TestServer } from './testing/http-server';

// "Ingénieur d'études, Montréal, coût" as ISO-8859-1 bytes.
const FRENCH = "Ingénieur d'études, Montréal, coût";
const FRENCH_LATIN1 = Buffer.from(FRENCH, 'latin1');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(handler: Handler): Promise<TestServer> {
  const server = await startTestServer(handler);
  cleanups.push(() => server.close());
  return server;
}

function context(policy: Partial<FetchPolicy> = {}, signal?: AbortSignal): ReturnType<typeof createExtractContext> {
  const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'], ...policy }, undefined, signal);
  cleanups.push(() => ctx.close());
  return ctx;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('fetch: documents', () => {
  it('decodes a Latin-1 page declared in the header', async () => {
    const body = Buffer.concat([Buffer.from('<p>'), FRENCH_LATIN1, Buffer.from('</p>')]);
    const server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' }).end(body));
    const doc = await context().fetch(`${server.origin}/offre`);
    expect(doc).toEqual({
      url: `${server.origin}/offre`,
      finalUrl: `${server.origin}/offre`,
      status: 200,
      contentType: 'text/html; charset=ISO-8859-1',
      charset: 'windows-1252',
      text: `<p>${FRENCH}</p>`,
      bytes: body.length,
    });
  });

  it('follows redirects and reports the final URL', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new#frag' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`at ${req.url}`);
    });
    const doc = await context().fetch(`${server.origin}/old`);
    expect([doc.finalUrl, doc.text]).toEqual([`${server.origin}/new`, 'at /new']);
  });

  it('drops credentials on a redirect to another origin', async () => {
    const target = await serve((req, res) => res.end(`auth=${req.headers.authorization ?? 'none'}`));
    const source = await serve((req, res) => {
      if (req.url === '/same') res.writeHead(302, { location: '/echo' }).end();
      else if (req.url === '/echo') res.end(`auth=${req.headers.authorization ?? 'none'}`);
      else res.writeHead(302, { location: `${target.origin}/echo` }).end();
    });
    const ctx = context();
    const headers = { Authorization: 'Bearer secret' };
    expect((await ctx.fetch(`${source.origin}/same`, { headers })).text).toBe('auth=Bearer secret');
    expect((await ctx.fetch(`${source.origin}/away`, { headers })).text).toBe('auth=none');
  });
});

describe('fetch: failures say whether to retry', () => {
  it('makes 5xx and 429 retryable and 4xx permanent', async () => {
    const server = await serve((req, res) => {
      const status = Number(req.url?.slice(1));
      res.writeHead(status, status === 429 ? { 'retry-after': '7' } : {}).end('error page');
    });
    const ctx = context();
    const e500 = await rejection(ctx.fetch(`${server.origin}/500`));
    expect(e500).toBeInstanceOf(HttpStatusError);
    expect((e500 as HttpStatusError).toDetails()).toEqual({
      type: 'HttpStatus',
      retryable: true,
      message: `HTTP 500 for ${server.origin}/500`,
      url: `${server.origin}/500`,
      status: 500,
    });
    const e429 = (await rejection(ctx.fetch(`${server.origin}/429`))) as HttpStatusError;
    expect([e429.retryable, e429.retryAfterMs]).toEqual([true, 7000]);
    const e404 = (await rejection(ctx.fetch(`${server.origin}/404`))) as HttpStatusError;
    expect([e404.type, e404.retryable, e404.status]).toEqual(['HttpStatus', false, 404]);
  });

  it('times out when headers are slow', async () => {
    const server = await serve(async (_req, res) => {
      await sleep(1000);
      res.end('late');
    });
    const err = await rejection(context({ headersTimeoutMs: 150 }).fetch(`${server.origin}/slow`));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect((err as FetchTimeoutError).retryable).toBe(true);
    expect((err as FetchTimeoutError).url).toBe(`${server.origin}/slow`);
  });

  it('times out when the body stalls, and when it dribbles past the total limit', async () => {
    const server = await serve(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part');
      if (req.url === '/stall') return; // never ends
      for (let i = 0; i < 40; i++) {
        await sleep(25);
        if (res.destroyed) return;
        res.write('.');
      }
      res.end();
    });
    const stall = await rejection(context({ bodyTimeoutMs: 150 }).fetch(`${server.origin}/stall`));
    expect(stall).toBeInstanceOf(FetchTimeoutError);
    const dribble = await rejection(context({ bodyTimeoutMs: 500, totalTimeoutMs: 300 }).fetch(`${server.origin}/dribble`));
    expect(dribble).toBeInstanceOf(FetchTimeoutError);
    expect((dribble as Error).message).toBe(`${server.origin}/dribble took longer than 300 ms`);
  });

  it('refuses redirect loops and long redirect chains', async () => {
    const server = await serve((req, res) => {
      const n = Number(/\/chain\/(\d+)/.exec(req.url ?? '')?.[1] ?? NaN);
      if (req.url === '/a') res.writeHead(302, { location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(302, { location: '/a' }).end();
      else res.writeHead(302, { location: `/chain/${n + 1}` }).end();
    });
    const ctx = context({ maxRedirects: 3 });
    const loop = await rejection(ctx.fetch(`${server.origin}/a`));
    expect(loop).toBeInstanceOf(TooManyRedirectsError);
    expect((loop as Error).message).toBe(`Redirect loop: ${server.origin}/b → ${server.origin}/a`);
    const chain = await rejection(ctx.fetch(`${server.origin}/chain/0`));
    expect((chain as TooManyRedirectsError).toDetails()).toEqual({
      type: 'TooManyRedirects',
      retryable: false,
      message: `More than 3 redirects from ${server.origin}/chain/0`,
      url: `${server.origin}/chain/0`,
      status: 302,
    });
    expect(server.requests.filter((p) => p.startsWith('/chain'))).toEqual(['/chain/0', '/chain/1', '/chain/2', '/chain/3']);
  });

  it('aborts an oversized body, declared or streamed', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/declared') res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
      else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
        res.end();
      }
    });
    const ctx = context({ maxBodyBytes: 1000 });
    const declared = await rejection(ctx.fetch(`${server.origin}/declared`));
    expect(declared).toBeInstanceOf(BodyTooLargeError);
    expect((declared as Error).message).toBe(`Response body of ${server.origin}/declared exceeds the 1000 bytes limit`);
    expect(await rejection(ctx.fetch(`${server.origin}/chunked`))).toBeInstanceOf(BodyTooLargeError);
  });

  it('reports a reset connection and a refused one as retryable network errors', async () => {
    const server = await serve((req) => req.socket.destroy());
    const reset = await rejection(context().fetch(`${server.origin}/reset`));
    expect(reset).toBeInstanceOf(NetworkError);
    expect((reset as NetworkError).retryable).toBe(true);
    const closed = await startTestServer(() => undefined);
    await closed.close();
    const refused = await rejection(context().fetch(`${closed.origin}/`));
    expect((refused as NetworkError).code).toBe('ECONNREFUSED');
  });

  it('passes the caller abort reason through', async () => {
    const server = await serve(async (_req, res) => {
      await sleep(500);
      res.end('late');
    });
    const controller = new AbortController();
    const pending = context({}, controller.signal).fetch(`${server.origin}/`);
    setTimeout(() => controller.abort(new Error('activity cancelled')), 50);
    expect(((await rejection(pending)) as Error).message).toBe('activity cancelled');
  });
});

describe('fetch: address guard', () => {
  it('refuses loopback addresses unless the policy allows them, without sending the request', async () => {
    const server = await serve((_req, res) => res.end('secret'));
    const ctx = context({ allowPrivate: [] });
    const byIp = await rejection(ctx.fetch(`${server.origin}/admin`));
    expect(byIp).toBeInstanceOf(ForbiddenAddressError);
    expect((byIp as ForbiddenAddressError).toDetails()).toEqual({
      type: 'ForbiddenAddress',
      retryable: false,
      message: `Refusing to fetch ${server.origin}/admin: 127.0.0.1 resolves to non-public address 127.0.0.1 (loopback); private addresses are reachable only for hosts or networks on the platform allowlist (FETCH_ALLOW_PRIVATE)`,
      url: `${server.origin}/admin`,
    });
    expect(await rejection(ctx.fetch(`http://localhost:${server.port}/admin`))).toBeInstanceOf(ForbiddenAddressError);
    expect(server.requests).toEqual([]);
  });

  it('refuses non-http schemes', async () => {
    const err = await rejection(context().fetch('file:///etc/passwd'));
    expect(err).toBeInstanceOf(ForbiddenAddressError);
    expect((err as Error).message).toBe('Only http(s) URLs are fetched, got file: in file:///etc/passwd');
  });
});

describe('fetch: concurrency and streams', () => {
  it('keeps at most perHostConcurrency requests in flight per host', async () => {
    let active = 0;
    let peak = 0;
    const server = await serve(async (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      await sleep(40);
      active--;
      res.end('ok');
    });
    const ctx = context({ perHostConcurrency: 2 });
    const docs = await Promise.all(Array.from({ length: 6 }, (_, i) => ctx.fetch(`${server.origin}/${i}`)));
    expect(docs.map((d) => d.text)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(peak).toBe(2);
  });

  it('streams a large Latin-1 feed as decoded text', async () => {
    const line = `<job>${FRENCH}</job>\n`;
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml; charset=iso-8859-1' });
      for (let i = 0; i < 200; i++) res.write(Buffer.from(line.repeat(10), 'latin1'));
      res.end();
    });
    const stream = await context().fetchStream(`${server.origin}/feed.xml`);
    let text = '';
    let chunks = 0;
    for await (const chunk of stream.chunks) {
      text += chunk;
      chunks++;
    }
    expect([stream.status, stream.contentType]).toEqual([200, 'application/xml; charset=iso-8859-1']);
    expect(text).toBe(line.repeat(2000));
    expect(chunks).toBeGreaterThan(1);
  });

  it('stops a stream past maxStreamBytes and frees the host slot when the consumer stops early', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const blocks = req.url === '/big' ? 20 : 4;
      for (let i = 0; i < blocks; i++) res.write('z'.repeat(4096));
      res.end();
    });
    const ctx = context({ maxStreamBytes: 20_000, perHostConcurrency: 1 });
    const big = await ctx.fetchStream(`${server.origin}/big`);
    const err = await rejection(
      (async () => {
        for await (const _ of big.chunks) void _;
      })(),
    );
    expect(err).toBeInstanceOf(BodyTooLargeError);
    const early = await ctx.fetchStream(`${server.origin}/early`);
    for await (const _ of early.chunks) break;
    // With one slot per host, this only completes if both streams gave their slot back.
    const doc = await ctx.fetch(`${server.origin}/after`);
    expect(doc.bytes).toBe(4 * 4096);
    const again = await ctx.fetchStream(`${server.origin}/again`);
    for await (const _ of again.chunks) break;
  });
  /** A body that sends one byte every `everyMs`, for as long as the client reads. */
  async function trickle(everyMs: number): Promise<TestServer> {
    return serve(async (req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<source>');
      while (!req.destroyed && !res.destroyed) {
        res.write('x');
        await sleep(everyMs);
      }
    });
  }
  const drain = async (chunks: AsyncIterable<string>) => {
    for await (const _ of chunks) void _;
  };

  it('fails a stream trickling a byte at a time below the minimum throughput, after one window', async () => {
    const server = await trickle(50);
    const ctx = context({ minStreamBytesPerSecond: 1024, throughputWindowMs: 500 });
    const started = Date.now();
    const stream = await ctx.fetchStream(`${server.origin}/slow.xml`);
    const err = await rejection(drain(stream.chunks));
    expect(err).toBeInstanceOf(SlowTransferError);
    expect(err).toMatchObject({ type: 'SlowTransfer', retryable: true, url: `${server.origin}/slow.xml` });
    expect((err as Error).message).toMatch(/streamed \d+ bytes in \d+ ms \([\d.]+ bytes\/s\), below the 1024 bytes\/s minimum/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('fails a stream still going at its overall deadline (streamTimeoutMs)', async () => {
    const server = await trickle(20);
    // Fast enough for the throughput rule (a window longer than the deadline), too long for the deadline.
    const ctx = context({ streamTimeoutMs: 700, throughputWindowMs: 60_000 });
    const started = Date.now();
    const stream = await ctx.fetchStream(`${server.origin}/long.xml`);
    const err = await rejection(drain(stream.chunks));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect((err as Error).message).toBe(`Streaming ${server.origin}/long.xml took longer than 700 ms`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('does not count the time the consumer spends on what it read as slowness', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 8; i++) res.write('z'.repeat(64 * 1024));
      res.end();
    });
    const ctx = context({ minStreamBytesPerSecond: 100_000, throughputWindowMs: 200 });
    const stream = await ctx.fetchStream(`${server.origin}/fast`);
    let chars = 0;
    for await (const chunk of stream.chunks) {
      chars += chunk.length;
      await sleep(60);
    }
    expect(chars).toBe(8 * 64 * 1024);
  });
});
