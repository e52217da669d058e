import { isUtf8 } from 'node:buffer';
import type { FidelityNote } from './definition';

/**
 * The declared charset held against the bytes, and the decoded text against typical mojibake. Sources lie both
 * ways: Latin-1 bytes declared UTF-8 (decoded as UTF-8 they become "R�ceptionniste") and UTF-8 bytes declared
 * Latin-1 ("RÃ©ceptionniste"). A clear lie is repaired (the bytes decoded in the charset they are in) and reported;
 * what cannot be explained is reported unrepaired, which fails the `encoding` check: never silently stored.
 */

/** A note without its URL: the caller knows where the bytes came from. */
export type CharsetNote = Omit<FidelityNote, 'url'>;

/** Charsets of one byte per character, where any byte sequence decodes (hence never "invalid"). */
const SINGLE_BYTE = /^(?:windows-125\d|iso-8859-\d+|latin\d|koi8-[ru]|macintosh)$/;

interface Utf8Scan {
  /** Multi-byte sequences that are valid UTF-8. */
  sequences: number;
  /** Bytes that are not part of a valid UTF-8 sequence. */
  invalid: number;
}

/** Counts valid multi-byte sequences and invalid bytes; a sequence cut by the end of `bytes` is not counted when `partial`. */
export function scanUtf8(bytes: Uint8Array, partial = false): Utf8Scan {
  let sequences = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) {
      invalid++;
      i++;
      continue;
    }
    if (i + length > bytes.length && partial) break;
    let ok = i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      sequences++;
      i += length;
    } else {
      invalid++;
      i++;
    }
  }
  return { sequences, invalid };
}

/**
 * The charset to decode `bytes` with, given the one detected from the BOM, header or document (`declared`):
 * - declared UTF-8, bytes not UTF-8 and holding no valid multi-byte sequence: Latin-1 / Windows-1252 bytes, so
 *   decoded as windows-1252 (repaired);
 * - declared UTF-8, bytes mixing valid and invalid sequences: no charset explains them (unrepaired, U+FFFD);
 * - declared single-byte, bytes valid UTF-8 with multi-byte sequences: decoded as UTF-8 (repaired).
 * `partial`: `bytes` is the head of a stream (a sequence cut at its end is not invalid).
 */
export function crossCheckCharset(bytes: Uint8Array, declared: string, partial = false): { charset: string; note: CharsetNote | null } {
  if (declared === 'utf-8') {
    if (!partial && isUtf8(bytes)) return { charset: declared, note: null };
    const scan = scanUtf8(bytes, partial);
    if (scan.invalid === 0) return { charset: declared, note: null };
    if (scan.sequences === 0) {
      return {
        charset: 'windows-1252',
        note: { kind: 'charset_mismatch', count: scan.invalid, repaired: true, message: `declared utf-8, but ${scan.invalid} bytes are not UTF-8 and none is a UTF-8 sequence: decoded as windows-1252 (Latin-1)` },
      };
    }
    return {
      charset: declared,
      note: { kind: 'invalid_bytes', count: scan.invalid, repaired: false, message: `${scan.invalid} bytes are not UTF-8 among ${scan.sequences} UTF-8 sequences: no charset explains them (decoded as U+FFFD)` },
    };
  }
  if (SINGLE_BYTE.test(declared)) {
    const scan = scanUtf8(bytes, partial);
    if (scan.invalid === 0 && scan.sequences > 0) {
      return {
        charset: 'utf-8',
        note: { kind: 'charset_mismatch', count: scan.sequences, repaired: true, message: `declared ${declared}, but the bytes are UTF-8 (${scan.sequences} multi-byte sequences): decoded as utf-8` },
      };
    }
  }
  return { charset: declared, note: null };
}

/**
 * UTF-8 read as Latin-1 somewhere upstream ("RÃ©ceptionniste", "â€™"), and replacement characters (bytes lost
 * before they reached us: "R�ceptionniste"). Only two-character patterns no French or English text has.
 */
const MOJIBAKE = /Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|â€[\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2122]|\ufffd/g;

/** How many mojibake patterns (and U+FFFD) a decoded text holds, with the first one in context. */
export function findMojibake(text: string): { count: number; example: string | null } {
  let count = 0;
  let example: string | null = null;
  for (const match of text.matchAll(MOJIBAKE)) {
    count++;
    if (example === null) {
      const at = match.index;
      example = text.slice(Math.max(0, at - 12), at + 14).replace(/\s+/g, ' ').trim();
    }
  }
  return { count, example };
}

/** The mojibake note for a decoded text, or null. */
export function mojibakeNote(found: { count: number; example: string | null }): CharsetNote | null {
  if (found.count === 0) return null;
  return { kind: 'mojibake', count: found.count, repaired: false, message: `${found.count} mojibake or replacement characters in the decoded text, e.g. "${found.example ?? ''}"` };
}
