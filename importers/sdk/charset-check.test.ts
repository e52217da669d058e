import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ExtractedJob, FidelityNote } from './definition';
import { crossCheckCharset, findMojibake, scanUtf8 } from './charset-check';
import { createExtractContext } from './fetch';
import { fetchJson } from './kinds/json';
import { extractXmlFeed } from './kinds/xml';
import { routes, startTestServer, type TestServer } from './testing/http-server';

// "Réceptionniste à Nîmes" as real bytes, written out so the tests do not depend on the encoders they check.
const UTF8 = Buffer.from([0x52, 0xc3, 0xa9, 0x63, 0x65, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x6e, 0x69, 0x73, 0x74, 0x65, 0x20, 0xc3, 0xa0, 0x20, 0x4e, 0xc3, 0xae, 0x6d, 0x65, 0x73]);
const LATIN1 = Buffer.from([0x52, 0xe9, 0x63, 0x65, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x6e, 0x69, 0x73, 0x74, 0x65, 0x20, 0xe0, 0x20, 0x4e, 0xee, 0x6d, 0x65, 0x73]);
const TEXT = 'Réceptionniste à Nîmes';
/** UTF-8 bytes of text already double-encoded upstream: "RÃ©ceptionniste". */
const DOUBLE = Buffer.from('RÃ©ceptionniste à Nîmes', 'utf8');
const page = (body: Buffer) => Buffer.concat([Buffer.from('<html><body><h1>'), body, Buffer.from('</h1></body></html>')]);
const feed = (body: Buffer) => Buffer.concat([Buffer.from('<?xml version="1.0"?><source><job><id>1</id><title>'), body, Buffer.from('</title></job></source>')]);

describe('charset cross-check', () => {
  it('scans UTF-8 sequences and invalid bytes, a sequence cut at the end of a stream head included', () => {
    expect(scanUtf8(UTF8)).toStrictEqual({ sequences: 3, invalid: 0 });
    expect(scanUtf8(LATIN1)).toStrictEqual({ sequences: 0, invalid: 3 });
    expect(scanUtf8(UTF8.subarray(0, 2), true)).toStrictEqual({ sequences: 0, invalid: 0 });
    expect(scanUtf8(UTF8.subarray(0, 2))).toStrictEqual({ sequences: 0, invalid: 1 });
  });

  it('repairs a clear lie either way and reports what no charset explains', () => {
    expect(crossCheckCharset(UTF8, 'utf-8')).toStrictEqual({ charset: 'utf-8', note: null });
    expect(crossCheckCharset(LATIN1, 'windows-1252')).toStrictEqual({ charset: 'windows-1252', note: null });
    expect(crossCheckCharset(LATIN1, 'utf-8')).toMatchObject({ charset: 'windows-1252', note: { kind: 'charset_mismatch', repaired: true, count: 3 } });
    expect(crossCheckCharset(UTF8, 'windows-1252')).toMatchObject({ charset: 'utf-8', note: { kind: 'charset_mismatch', repaired: true, count: 3 } });
    expect(crossCheckCharset(Buffer.concat([UTF8, LATIN1]), 'utf-8')).toMatchObject({ charset: 'utf-8', note: { kind: 'invalid_bytes', repaired: false, count: 3 } });
  });

  it('finds typical mojibake and replacement characters, not French text', () => {
    expect(findMojibake(TEXT)).toStrictEqual({ count: 0, example: null });
    expect(findMojibake('RÃ©ceptionniste, lâ€™équipe')).toMatchObject({ count: 2 });
    expect(findMojibake('R\ufffdceptionniste')).toStrictEqual({ count: 1, example: 'R\ufffdceptionniste' });
  });
});

describe('charset cross-check on real bytes over HTTP', () => {
  let server: TestServer;
  const html = (charset: string) => ({ 'content-type': `text/html; charset=${charset}` });
  const xml = (charset: string) => ({ 'content-type': `application/xml; charset=${charset}` });
  beforeAll(async () => {
    server = await startTestServer(
      routes({
        '/latin1-declared-utf8': { headers: html('utf-8'), body: page(LATIN1) },
        '/utf8-declared-latin1': { headers: html('iso-8859-1'), body: page(UTF8) },
        '/double-encoded': { headers: html('utf-8'), body: page(DOUBLE) },
        '/mixed': { headers: html('utf-8'), body: page(Buffer.concat([UTF8, Buffer.from(' / '), LATIN1])) },
        '/clean': { headers: html('utf-8'), body: page(UTF8) },
        '/feed-latin1-declared-utf8.xml': { headers: xml('utf-8'), body: feed(LATIN1) },
      }),
    );
  });
  afterAll(() => server.close());

  async function fetched(path: string): Promise<{ text: string; charset: string; notes: FidelityNote[] }> {
    const notes: FidelityNote[] = [];
    const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'] }, { page: () => undefined, selector: () => undefined, progress: () => undefined, fidelity: (n) => notes.push(n) });
    try {
      const doc = await ctx.fetch(`${server.origin}${path}`);
      return { text: doc.text, charset: doc.charset, notes };
    } finally {
      await ctx.close();
    }
  }

  it('decodes Latin-1 bytes declared UTF-8 as windows-1252, and reports the repair', async () => {
    const { text, charset, notes } = await fetched('/latin1-declared-utf8');
    expect(text).toContain(TEXT);
    expect(charset).toBe('windows-1252');
    expect(notes).toStrictEqual([
      { kind: 'charset_mismatch', url: `${server.origin}/latin1-declared-utf8`, count: 3, repaired: true, message: 'declared utf-8, but 3 bytes are not UTF-8 and none is a UTF-8 sequence: decoded as windows-1252 (Latin-1)' },
    ]);
  });

  it('decodes UTF-8 bytes declared ISO-8859-1 as UTF-8, and reports the repair', async () => {
    const { text, notes } = await fetched('/utf8-declared-latin1');
    expect(text).toContain(TEXT);
    expect(notes).toMatchObject([{ kind: 'charset_mismatch', repaired: true, message: 'declared windows-1252, but the bytes are UTF-8 (3 multi-byte sequences): decoded as utf-8' }]);
  });

  it('reports, unrepaired, text double-encoded upstream and bytes no charset explains', async () => {
    const double = await fetched('/double-encoded');
    expect(double.notes).toMatchObject([{ kind: 'mojibake', repaired: false, count: 1 }]);
    expect(double.notes[0]!.message).toContain('RÃ©ceptionniste');
    const mixed = await fetched('/mixed');
    expect(mixed.notes).toMatchObject([{ kind: 'invalid_bytes', repaired: false, count: 3 }]);
    expect((await fetched('/clean')).notes).toStrictEqual([]);
  });

  it('repairs a streamed XML feed of Latin-1 bytes declared UTF-8', async () => {
    const notes: FidelityNote[] = [];
    const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'] }, { page: () => undefined, selector: () => undefined, progress: () => undefined, fidelity: (n) => notes.push(n) });
    try {
      const jobs: ExtractedJob[] = [];
      for await (const job of extractXmlFeed(ctx, { url: `${server.origin}/feed-latin1-declared-utf8.xml`, item: 'job', fields: { externalId: 'id', title: 'title' } })) jobs.push(job);
      expect(jobs.map((j) => j.raw.title)).toStrictEqual([TEXT]);
      expect(notes).toMatchObject([{ kind: 'charset_mismatch', repaired: true, url: `${server.origin}/feed-latin1-declared-utf8.xml` }]);
    } finally {
      await ctx.close();
    }
  });
});

describe('mojibake a JSON API sends escaped', () => {
  it('is found in the parsed strings and reported unrepaired', async () => {
    const body = Buffer.from('{"jobs":[{"id":1,"title":"R\\u00c3\\u00a9ceptionniste"},{"id":2,"title":"Caf\\u00e9"}]}');
    const server = await startTestServer(routes({ '/jobs': { headers: { 'content-type': 'application/json' }, body }, '/clean': { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"jobs":[{"title":"Caf\\u00e9"}]}') } }));
    const notes: FidelityNote[] = [];
    const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'] }, { page: () => undefined, selector: () => undefined, progress: () => undefined, fidelity: (n) => notes.push(n) });
    try {
      const schema = z.object({ jobs: z.array(z.object({ title: z.string() })) });
      expect((await fetchJson(ctx, `${server.origin}/clean`, schema)).body.jobs[0]!.title).toBe('Café');
      expect(notes).toStrictEqual([]);
      await fetchJson(ctx, `${server.origin}/jobs`, schema);
      expect(notes).toMatchObject([{ kind: 'mojibake', repaired: false, count: 1, url: `${server.origin}/jobs` }]);
      expect(notes[0]!.message).toContain('RÃ©ceptionniste');
    } finally {
      await ctx.close();
      await server.close();
    }
  });
});
