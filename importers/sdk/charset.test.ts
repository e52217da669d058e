import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { charsetFromContentType, charsetFromDocument, decodeBuffer, decodeChunks, normaliseCharsetLabel } from './charset';

const FRENCH = "Ingénieur d'études, Montréal, coût";
// The same text as ISO-8859-1 bytes, written out so the test does not depend on the encoder it checks.
const FRENCH_LATIN1 = Buffer.from([
  0x49, 0x6e, 0x67, 0xe9, 0x6e, 0x69, 0x65, 0x75, 0x72, 0x20, 0x64, 0x27, 0xe9, 0x74, 0x75, 0x64, 0x65, 0x73, 0x2c,
  0x20, 0x4d, 0x6f, 0x6e, 0x74, 0x72, 0xe9, 0x61, 0x6c, 0x2c, 0x20, 0x63, 0x6f, 0xfb, 0x74,
]);

async function collect(chunks: Buffer[], contentType?: string): Promise<string[]> {
  async function* source(): AsyncGenerator<Buffer> {
    for (const c of chunks) yield c;
  }
  const out: string[] = [];
  for await (const s of decodeChunks(source(), contentType)) out.push(s);
  return out;
}

describe('charset labels', () => {
  it('maps latin-1 and ascii labels to windows-1252 as browsers do', () => {
    expect(normaliseCharsetLabel('ISO-8859-1')).toBe('windows-1252');
    expect(normaliseCharsetLabel('"latin1"')).toBe('windows-1252');
    expect(normaliseCharsetLabel('US-ASCII')).toBe('windows-1252');
    expect(normaliseCharsetLabel('ISO-8859-15')).toBe('iso-8859-15');
    expect(normaliseCharsetLabel('UTF8')).toBe('utf-8');
    expect(normaliseCharsetLabel('no-such-charset')).toBeNull();
  });

  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetFromContentType('text/html; charset=ISO-8859-1')).toBe('windows-1252');
    expect(charsetFromContentType('text/html;charset="utf-8"')).toBe('utf-8');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(charsetFromContentType(null)).toBeNull();
  });

  it('finds meta charset, meta http-equiv and the XML declaration', () => {
    expect(charsetFromDocument(Buffer.from('<html><head><meta charset="windows-1252"></head>'))).toBe('windows-1252');
    expect(
      charsetFromDocument(
        Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><title>x</title>'),
      ),
    ).toBe('iso-8859-15');
    expect(charsetFromDocument(Buffer.from("<?xml version='1.0' encoding='ISO-8859-1'?><rss/>"))).toBe('windows-1252');
    expect(charsetFromDocument(Buffer.from('<html><body>nothing declared</body></html>'))).toBeNull();
  });

  it('ignores a declaration past the first 4 KB', () => {
    const late = Buffer.from(`<html>${' '.repeat(5000)}<meta charset="windows-1252">`);
    expect(charsetFromDocument(late)).toBeNull();
  });
});

describe('decodeBuffer', () => {
  it('decodes real Latin-1 bytes declared in the HTTP header', () => {
    expect(decodeBuffer(FRENCH_LATIN1, 'text/plain; charset=iso-8859-1')).toEqual({ text: FRENCH, charset: 'windows-1252' });
  });

  it('decodes Latin-1 declared only by a meta tag', () => {
    const page = Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><p>'), FRENCH_LATIN1, Buffer.from('</p>')]);
    expect(decodeBuffer(page, 'text/html').text).toBe(`<meta charset="iso-8859-1"><p>${FRENCH}</p>`);
  });

  it('decodes 0x80-0x9F as windows-1252 (euro sign, oe ligature, curly apostrophe)', () => {
    const bytes = Buffer.from([0x80, 0x20, 0x9c, 0x75, 0x76, 0x72, 0x65, 0x20, 0x92]);
    expect(decodeBuffer(bytes, 'text/html; charset=ISO-8859-1').text).toBe('€ œuvre ’');
  });

  it('lets a BOM win over the header and strips it', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FRENCH, 'utf8')]);
    expect(decodeBuffer(bytes, 'text/html; charset=iso-8859-1')).toEqual({ text: FRENCH, charset: 'utf-8' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Été', 'utf16le')]);
    expect(decodeBuffer(utf16).text).toBe('Été');
  });

  it('defaults to UTF-8', () => {
    expect(decodeBuffer(Buffer.from(FRENCH, 'utf8'))).toEqual({ text: FRENCH, charset: 'utf-8' });
  });
});

describe('decodeChunks', () => {
  it('keeps a UTF-8 character split across chunks intact', async () => {
    const bytes = Buffer.from(`${'a'.repeat(5000)}é${'b'.repeat(10)}`, 'utf8');
    const split = 5001; // between the two bytes of "é"
    const out = await collect([bytes.subarray(0, split), bytes.subarray(split)]);
    expect(out.join('')).toBe(`${'a'.repeat(5000)}é${'b'.repeat(10)}`);
  });

  it('splits every byte apart and still decodes UTF-8 and the sniffed charset', async () => {
    const utf8 = Buffer.from(`<p>${FRENCH}</p>`, 'utf8');
    expect((await collect([...utf8].map((b) => Buffer.from([b])))).join('')).toBe(`<p>${FRENCH}</p>`);
    const latin = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>'), FRENCH_LATIN1]);
    expect((await collect([...latin].map((b) => Buffer.from([b])))).join('')).toBe(
      `<?xml version="1.0" encoding="ISO-8859-1"?><t>${FRENCH}`,
    );
  });

  it('streams a large windows-1252 body chunk by chunk', async () => {
    const text = `${FRENCH}\n`.repeat(2000);
    const bytes = iconv.encode(text, 'windows-1252');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    const out = await collect(chunks, 'application/xml; charset=windows-1252');
    expect(out.length).toBeGreaterThan(10);
    expect(out.join('')).toBe(text);
  });

  it('yields nothing for an empty body', async () => {
    expect(await collect([])).toEqual([]);
  });
});
