import { parseDocument } from 'htmlparser2';

/**
 * What hand-built feeds get wrong, read the way a lenient reader would, and counted so the run report says so.
 *
 * - A bare `&` that starts no entity ("Recherche & Développement"): the most common defect of feeds written by
 *   string concatenation. Read as a literal `&`, counted.
 * - HTML named entities (`&eacute;`, `&nbsp;`) that XML does not know: read as their character, counted.
 * - Entities inside CDATA (`<![CDATA[Cr&eacute;ation]]>`): an exporter that escaped then wrapped. Decoded once.
 *   `&lt;`, `&gt;` and `&amp;` are kept there: in an HTML description they are the markup's own escaping.
 * - C1 control characters (U+0080–U+009F) left by a windows-1252 text stored as latin-1: mapped to the
 *   windows-1252 character they stood for (U+0080 → €, U+0092 → ’), counted; never dropped with their text.
 *
 * Everything else that is broken (an unclosed tag, a mismatched end tag) still fails the feed, with its line and
 * column: a partial import would close every job after the break.
 */

export interface LenientCounts {
  bareAmpersands: number;
  htmlEntities: number;
  c1Repaired: number;
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
/** Longest HTML entity name is 31 characters (`CounterClockwiseContourIntegral`). */
const MAX_ENTITY = 34;

const htmlEntityCache = new Map<string, string | null>();

/** The character(s) of an HTML named entity, or null when HTML does not know the name. */
export function htmlEntity(name: string): string | null {
  let known = htmlEntityCache.get(name);
  if (known === undefined) {
    // htmlparser2 carries the WHATWG entity table; decoding a lone reference is the way to reach it.
    const doc = parseDocument(`&${name};`, { decodeEntities: true });
    const first = doc.children[0];
    const text = first !== undefined && 'data' in first ? String(first.data) : `&${name};`;
    known = text === `&${name};` ? null : text;
    if (htmlEntityCache.size < 2000) htmlEntityCache.set(name, known);
  }
  return known;
}

const charRef = (text: string): string => [...text].map((c) => `&#${c.codePointAt(0)!};`).join('');

type Mode = 'markup' | 'cdata' | 'comment';

/**
 * Rewrites a stream of decoded XML text so that a strict parser accepts what a lenient one would: bare `&` become
 * `&amp;`, HTML named entities become character references. CDATA sections and comments pass through untouched.
 * A construct cut by a chunk boundary is held back until the next chunk decides it.
 */
export async function* lenientXml(chunks: AsyncIterable<string>, counts: LenientCounts): AsyncGenerator<string> {
  let mode: Mode = 'markup';
  let carry = '';
  for await (const chunk of chunks) {
    const [out, rest, next] = rewrite(carry + chunk, mode, counts, false);
    carry = rest;
    mode = next;
    if (out !== '') yield out;
  }
  const [out] = rewrite(carry, mode, counts, true);
  if (out !== '') yield out;
}

/** Rewrites `text`; returns the output, the undecided tail and the mode at the end. */
function rewrite(text: string, start: Mode, counts: LenientCounts, final: boolean): [string, string, Mode] {
  let mode = start;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (mode !== 'markup') {
      const end = mode === 'cdata' ? ']]>' : '-->';
      const at = text.indexOf(end, i);
      if (at === -1) {
        // Keep the last two characters: they may begin the terminator.
        const keep = final ? text.length : Math.max(i, text.length - 2);
        out += text.slice(i, keep);
        return [out, text.slice(keep), mode];
      }
      out += text.slice(i, at + 3);
      i = at + 3;
      mode = 'markup';
      continue;
    }
    const amp = text.indexOf('&', i);
    const lt = text.indexOf('<!', i);
    const next = amp === -1 ? lt : lt === -1 ? amp : Math.min(amp, lt);
    if (next === -1) {
      // A trailing "<" may start "<!": hold it.
      const keep = !final && text.endsWith('<') ? text.length - 1 : text.length;
      out += text.slice(i, keep);
      return [out, text.slice(keep), mode];
    }
    out += text.slice(i, next);
    if (next === lt) {
      const head = text.slice(lt, lt + 9);
      if (head.startsWith('<![CDATA[')) {
        out += head;
        i = lt + 9;
        mode = 'cdata';
      } else if (head.startsWith('<!--')) {
        out += '<!--';
        i = lt + 4;
        mode = 'comment';
      } else if (!final && head.length < 9 && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head))) {
        return [out, text.slice(lt), mode];
      } else {
        out += '<!';
        i = lt + 2;
      }
      continue;
    }
    const ref = /^&(?:#(?:\d+|x[0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/.exec(text.slice(amp, amp + MAX_ENTITY + 2));
    if (ref === null) {
      const tail = text.slice(amp);
      if (!final && tail.length <= MAX_ENTITY + 1 && /^&#?[A-Za-z0-9]*$/.test(tail)) return [out, tail, mode];
      counts.bareAmpersands += 1;
      out += '&amp;';
      i = amp + 1;
      continue;
    }
    const name = ref[1];
    if (name !== undefined && !XML_ENTITIES.has(name)) {
      const decoded = htmlEntity(name);
      if (decoded === null) {
        counts.bareAmpersands += 1;
        out += '&amp;';
        i = amp + 1;
        continue;
      }
      counts.htmlEntities += 1;
      out += charRef(decoded);
    } else {
      out += ref[0];
    }
    i = amp + ref[0].length;
  }
  return [out, '', mode];
}

const CDATA_ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/g;

/** Entities written inside CDATA, decoded once; `&lt;` `&gt;` `&amp;` kept (they escape an HTML description). */
export function decodeCdataEntities(text: string, counts: LenientCounts): string {
  if (!text.includes('&')) return text;
  return text.replace(CDATA_ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      if (name === 'lt' || name === 'gt' || name === 'amp') return whole;
      const decoded = name === 'quot' ? '"' : name === 'apos' ? "'" : htmlEntity(name);
      if (decoded === null) return whole;
      counts.htmlEntities += 1;
      return decoded;
    }
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (code === 0x3c || code === 0x3e || code === 0x26 || code > 0x10ffff) return whole;
    counts.htmlEntities += 1;
    return String.fromCodePoint(code);
  });
}

/** windows-1252's characters for 0x80–0x9F; undefined where windows-1252 has none (left as is, and counted). */
const CP1252: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

const C1 = /[\u0080-\u009f]/g;

/** C1 controls mapped to the windows-1252 character they stood for; counted either way. */
export function repairC1(text: string, counts: LenientCounts): string {
  if (!C1.test(text)) return text;
  C1.lastIndex = 0;
  return text.replace(C1, (c) => {
    counts.c1Repaired += 1;
    return CP1252[c.charCodeAt(0)] ?? c;
  });
}
