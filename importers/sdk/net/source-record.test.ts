import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { secretValues } from '../../../activities/runs/secrets';
import { createExtractContext } from '../fetch';
import { startTestServer, type TestServer } from '../testing/http-server';
import { createSourceRecord, revalidateSource } from './source-record';

const POLICY = { allowPrivate: ['127.0.0.0/8'], totalTimeoutMs: 5_000 };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let body = '<source><job>un</job></source>';
let etag: string | null = '"v1"';
let server: TestServer | undefined;
const conditional: (string | undefined)[] = [];

async function stopServer(): Promise<void> {
  await server?.close();
  server = undefined;
}

afterEach(async () => {
  await stopServer();
  conditional.length = 0;
});

async function serve() {
  server = await startTestServer((req, res) => {
    conditional.push(req.headers['if-none-match'] as string | undefined);
    if (etag && req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', ...(etag ? { etag } : {}) }).end(body);
  });
  return `${server!.origin}/feed.xml`;
}

async function record(read: (ctx: ReturnType<typeof createExtractContext>, url: string) => Promise<void>) {
  const url = await serve();
  const source = createSourceRecord();
  const ctx = createExtractContext(POLICY, undefined, undefined, source);
  try {
    await read(ctx, url);
  } finally {
    await ctx.close();
  }
  return { url, source };
}

describe('source record', () => {
  it('keeps what a document was (validators, sha256 of its bytes) for fetch and for a stream read to its end', async () => {
    body = '<source><job>un</job></source>';
    etag = '"v1"';
    const { url, source } = await record(async (ctx, u) => {
      await ctx.fetch(u);
      const stream = await ctx.fetchStream(u, { accept: 'application/xml' });
      for await (const _chunk of stream.chunks) void _chunk;
    });
    const doc = { url, finalUrl: url, contentType: 'application/xml; charset=utf-8', etag: '"v1"', lastModified: null, sha256: sha256(body), bytes: body.length };
    expect(source.documents()).toEqual([{ ...doc, accept: null }, { ...doc, accept: 'application/xml' }]);
  });

  it('is not replayable after a stream left early, a failed request or headers of the importer', async () => {
    // Large enough for several chunks: the importer stops before the bytes were all read.
    body = `<source>${'<job>un</job>'.repeat(200_000)}</source>`;
    const early = await record(async (ctx, u) => {
      const stream = await ctx.fetchStream(u);
      for await (const _chunk of stream.chunks) break;
    });
    expect(early.source.documents()).toBeNull();
    await stopServer();
    const failed = await record(async (ctx, u) => {
      await ctx.fetch(`${u}?x`).catch(() => undefined);
      await ctx.fetch('http://127.0.0.1:1/closed').catch(() => undefined);
    });
    expect(failed.source.reason).toMatch(/^fetching http:\/\/127\.0\.0\.1:1\/closed failed/);
    await stopServer();
    const token = await record(async (ctx, u) => void (await ctx.fetch(u, { headers: { authorization: 'Bearer t' } })));
    expect(token.source.documents()).toBeNull();
  });

  it('revalidates with If-None-Match (304 = same), else by the bytes; one byte changed is a change', async () => {
    body = '<source><job>un</job></source>';
    etag = '"v1"';
    const { source } = await record(async (ctx, u) => void (await ctx.fetch(u)));
    const docs = source.documents()!;
    expect(await revalidateSource(docs, POLICY)).toEqual({ same: true, documents: docs });
    expect(conditional.at(-1)).toBe('"v1"');

    etag = null; // a server without validators: the same bytes are the same document
    expect(await revalidateSource(docs, POLICY)).toMatchObject({ same: true });
    body = '<source><job>uN</job></source>';
    expect(await revalidateSource(docs, POLICY)).toEqual({ same: false, changedUrl: docs[0]!.url });
    expect(await revalidateSource([], POLICY)).toEqual({ same: false, changedUrl: null });
  });
});

describe('secretValues', () => {
  it('lists the values put in place of secret references, nowhere else', () => {
    const config = { feedUrl: { $secret: 'FEED' }, nested: [{ token: { $secret: 'TOKEN' } }, 'plain'] };
    const resolved = { feedUrl: 'https://x.fr/feed?key=abc', nested: [{ token: 't0k' }, 'plain'] };
    expect(secretValues(config, resolved)).toEqual(['https://x.fr/feed?key=abc', 't0k']);
    expect(secretValues({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
