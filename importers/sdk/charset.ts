import iconv from 'iconv-lite';
import { type CharsetNote, crossCheckCharset, findMojibake, mojibakeNote } from './charset-check';

/**
 * Bytes to text, with the charset found the way browsers find it: BOM, then the HTTP header, then the document's
 * own declaration (`<meta charset>`, `<meta http-equiv>`, `<?xml encoding?>`) in its first 4 KB, else UTF-8.
 */

const SNIFF_BYTES = 4096;

/**
 * WHATWG label aliases that matter here. Sites declaring ISO-8859-1 or ASCII routinely send Windows-1252
 * (curly quotes, €, œ in 0x80-0x9F), so browsers decode those labels as windows-1252 and so do we.
 */
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'windows-1252': 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** A canonical charset name iconv-lite can decode, or null for an unknown label. */
export function normaliseCharsetLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const key = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (key === '') return null;
  const alias = ALIASES[key];
  if (alias) return alias;
  return iconv.encodingExists(key) ? key : null;
}

/** The charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const match = contentType ? /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType) : null;
  return normaliseCharsetLabel(match?.[2]);
}

export function charsetFromBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** `<meta charset>`, `<meta http-equiv=Content-Type content=...>` or `<?xml encoding=...?>` in the first 4 KB. */
export function charsetFromDocument(bytes: Uint8Array): string | null {
  // Declarations are ASCII, so a byte-per-char view finds them whatever the real encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SNIFF_BYTES)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return normaliseCharsetLabel(xml[1]);
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(tag);
    if (direct && !/http-equiv/i.test(tag)) return normaliseCharsetLabel(direct[1]);
    if (/http-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*(["'])(.*?)\1/i.exec(tag);
      const found = charsetFromContentType(content?.[2]);
      if (found) return found;
    }
  }
  return null;
}

/** The charset to decode a body with, and how many leading BOM bytes to skip. */
export function detectCharset(bytes: Uint8Array, contentType?: string | null): { charset: string; bomLength: number } {
  const bom = charsetFromBom(bytes);
  if (bom) return { charset: bom.charset, bomLength: bom.length };
  return { charset: charsetFromContentType(contentType) ?? charsetFromDocument(bytes) ?? 'utf-8', bomLength: 0 };
}

/**
 * Bytes to text in the charset detected, cross-checked with the bytes (charset-check.ts): a declaration the bytes
 * contradict is repaired, bytes no charset explains and mojibake in the text are reported, each through `onNote`.
 */
export function decodeBuffer(bytes: Uint8Array, contentType?: string | null, onNote?: (note: CharsetNote) => void): { text: string; charset: string } {
  const detected = detectCharset(bytes, contentType);
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + detected.bomLength, bytes.length - detected.bomLength);
  const { charset, note } = crossCheckCharset(body, detected.charset);
  const text = iconv.decode(body, charset, { stripBOM: false });
  if (onNote) {
    if (note) onNote(note);
    // Bytes found invalid already show as U+FFFD: reported once.
    const mojibake = note?.kind === 'invalid_bytes' ? null : mojibakeNote(findMojibake(text));
    if (mojibake) onNote(mojibake);
  }
  return { text, charset };
}

/**
 * Decodes a stream of byte chunks to text chunks. The first 4 KB are held back to sniff the charset; after that,
 * iconv's stateful decoder carries a multi-byte character split across two chunks over to the next one.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  contentType?: string | null,
  onCharset?: (charset: string) => void,
  onNote?: (note: CharsetNote) => void,
): AsyncGenerator<string, void, undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let decoder: iconv.DecoderStream | null = null;
  let headNote: CharsetNote | null = null;
  let mojibake = 0;
  let example: string | null = null;
  /** Mojibake counted as text passes (a pattern cut between two chunks is missed: a feed has many of them). */
  const scanned = (text: string): string => {
    if (onNote && text) {
      const found = findMojibake(text);
      mojibake += found.count;
      example ??= found.example;
    }
    return text;
  };

  const start = (partial: boolean): string => {
    const head = Buffer.concat(pending);
    pending = [];
    const detected = detectCharset(head, contentType);
    // The head is held against the declaration; the rest of the stream is decoded as the head says.
    const { charset, note } = crossCheckCharset(head.subarray(detected.bomLength), detected.charset, partial);
    headNote = note;
    onCharset?.(charset);
    decoder = iconv.getDecoder(charset, { stripBOM: false });
    return decoder.write(head.subarray(detected.bomLength));
  };

  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let text: string;
    if (decoder) {
      text = (decoder as iconv.DecoderStream).write(buf);
    } else {
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes < SNIFF_BYTES) continue;
      text = start(true);
    }
    if (text) yield scanned(text);
  }
  const head = decoder ? '' : start(false);
  if (head) yield scanned(head);
  const tail = (decoder as iconv.DecoderStream | null)?.end();
  if (tail) yield scanned(tail);
  if (onNote) {
    const note = headNote as CharsetNote | null;
    if (note) onNote(note);
    const found = note?.kind === 'invalid_bytes' ? null : mojibakeNote({ count: mojibake, example });
    if (found) onNote(found);
  }
}
