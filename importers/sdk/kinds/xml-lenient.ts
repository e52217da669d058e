import { DomUtils, parseDocument } from 'htmlparser2';

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

/** HTML named entities by name (without `&` and `;`): their text, or null when HTML does not know the name. */
const htmlEntityCache = new Map<string, string | null>();

/**
 * The text of an HTML named entity, from htmlparser2's HTML5 table (null: not an HTML entity). The one table of
 * both readers: the lenient rewrite here and the strict reader's entity lookup (./xml-reader, `withHtmlEntities` below).
 */
export function htmlEntity(name: string): string | null {
  let text = htmlEntityCache.get(name);
  if (text !== undefined) return text;
  const reference = `&${name};`;
  const decoded = DomUtils.textContent(parseDocument(reference));
  // Unknown: left as it was. "&notit;" decodes its legacy prefix "&not" only ("¬it;"): not an entity either.
  text = decoded === reference || (decoded.length > 1 && decoded.endsWith(';')) ? null : decoded;
  if (htmlEntityCache.size < 4_096) htmlEntityCache.set(name, text);
  return text;
}

/**
 * saxes' entity table (`parser.ENTITIES`: looked up by name for each reference) extended with the HTML named
 * entities, each decoded one counted. Only the lookup changes: declarations stay refused and nothing expands further.
 */
export function withHtmlEntities(xmlEntities: Record<string, string>, onHtmlEntity: ((name: string) => void) | undefined): Record<string, string> {
  return new Proxy(xmlEntities, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      const xml = target[name];
      if (xml !== undefined) return xml;
      const text = htmlEntity(name);
      if (text === null) return undefined;
      onHtmlEntity?.(name);
      return text;
    },
  });
}

const charRef = (text: string): string => [...text].map((c) => `&#${c.codePointAt(0)!};`).join('');

const OPEN_CDATA = '<![CDATA[';
const CLOSE_CDATA = ']]>';
/** Characters held back at the end of a chunk: enough for a cut `<![CDATA[` (8) to be seen whole next time. */
const HOLD = OPEN_CDATA.length - 1;

/**
 * Whether a CDATA section is open after the markers that start in text[from, to), given whether one was open
 * before. A marker starting before `to` lies whole inside `text` (HOLD characters are always kept after `to`), and
 * is not seen again by the next chunk, which starts at `to`.
 */
function cdataAfter(text: string, from: number, to: number, open: boolean): boolean {
  if (to <= from) return open;
  // `]]>` may not appear in XML text, so the last marker decides.
  let lastOpen = text.lastIndexOf(OPEN_CDATA, to - 1);
  let lastClose = text.lastIndexOf(CLOSE_CDATA, to - 1);
  if (lastOpen < from) lastOpen = -1;
  if (lastClose < from) lastClose = -1;
  if (lastOpen === -1 && lastClose === -1) return open;
  return lastOpen > lastClose;
}

/**
 * Rewrites a stream of decoded XML text so that a strict parser accepts what a lenient one would: bare `&` become
 * `&amp;`, HTML named entities become character references. CDATA sections pass through untouched (a `&` in a
 * comment is rewritten too, harmlessly), C1 controls are repaired (repairC1: one scan per chunk, not per node, and
 * their references too). Work is proportional to the number of `&`: a chunk without one is handed on as is, after
 * two `lastIndexOf` to know whether it ends inside CDATA. The last few characters of a chunk are
 * held for the next one, so a marker or entity cut by a chunk boundary is seen whole.
 */
export async function* lenientXml(chunks: AsyncIterable<string>, counts: LenientCounts): AsyncGenerator<string> {
  let inCdata = false;
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry === '' ? chunk : carry + chunk;
    const [out, keep, open] = rewrite(text, inCdata, counts, false);
    carry = text.slice(keep);
    inCdata = open;
    if (out !== '') yield repairC1(out, counts);
  }
  const [out] = rewrite(carry, inCdata, counts, true);
  if (out !== '') yield repairC1(out, counts);
}

/** `&#150;`: a C1 control written as a reference, by the same windows-1252 mix-up; its character's reference. */
function numericRef(ref: string, counts: LenientCounts): string {
  const code = ref[2] === 'x' ? parseInt(ref.slice(3, -1), 16) : Number(ref.slice(2, -1));
  if (code < 0x80 || code > 0x9f) return ref;
  const repaired = CP1252[code];
  counts.c1Repaired += 1;
  return repaired === undefined ? ref : charRef(repaired);
}

/** Rewrites `text` up to what can be decided; returns the output, where the undecided tail starts, and the CDATA state there. */
function rewrite(text: string, startOpen: boolean, counts: LenientCounts, final: boolean): [string, number, boolean] {
  let limit = final ? text.length : Math.max(0, text.length - HOLD);
  let amp = text.indexOf('&');
  if (amp === -1 || amp >= limit) {
    return [text.slice(0, limit), limit, cdataAfter(text, 0, limit, startOpen)];
  }
  let out = '';
  let done = 0;
  let open = startOpen;
  while (amp !== -1 && amp < limit) {
    open = cdataAfter(text, done, amp, open);
    out += text.slice(done, amp);
    done = amp;
    if (open) {
      amp = text.indexOf('&', amp + 1);
      continue;
    }
    const ref = /^&(?:#(?:\d+|x[0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/.exec(text.slice(amp, amp + MAX_ENTITY + 2));
    if (ref === null) {
      const tail = text.slice(amp);
      if (!final && tail.length <= MAX_ENTITY + 1 && /^&#?[A-Za-z0-9]*$/.test(tail)) {
        limit = amp;
        break;
      }
      counts.bareAmpersands += 1;
      out += '&amp;';
      done = amp + 1;
    } else {
      const name = ref[1];
      const decoded = name === undefined || XML_ENTITIES.has(name) ? ref[0] : htmlEntity(name);
      if (name === undefined) {
        out += numericRef(ref[0], counts);
        done = amp + ref[0].length;
      } else if (decoded === null) {
        counts.bareAmpersands += 1;
        out += '&amp;';
        done = amp + 1;
      } else {
        if (decoded !== ref[0]) counts.htmlEntities += 1;
        out += decoded === ref[0] ? ref[0] : charRef(decoded);
        done = amp + ref[0].length;
      }
    }
    amp = text.indexOf('&', done);
  }
  // An entity read whole may end past `limit`: the next chunk starts after it.
  const keep = Math.max(done, limit);
  open = cdataAfter(text, done, keep, open);
  out += text.slice(done, keep);
  return [out, keep, open];
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
    return repairC1(String.fromCodePoint(code), counts);
  });
}

/** windows-1252's characters for 0x80–0x9F; undefined where windows-1252 has none (left as is, and counted). */
const CP1252: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š',
  0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
  0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

const C1 = /[\u0080-\u009f]/g;
const HAS_C1 = /[\u0080-\u009f]/;

/** C1 controls mapped to the windows-1252 character they stood for; counted either way. */
export function repairC1(text: string, counts: LenientCounts): string {
  if (!HAS_C1.test(text)) return text;
  return text.replace(C1, (c) => {
    counts.c1Repaired += 1;
    return CP1252[c.charCodeAt(0)] ?? c;
  });
}
