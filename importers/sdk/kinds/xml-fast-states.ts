import { SaxesParser } from 'saxes';

/**
 * Faster text, CDATA and name reading for saxes, same results. saxes reads every character through a method call
 * that checks it and moves the line and column; a feed is mostly text and CDATA between short tags, so that loop is
 * most of the parse. Here the states that read text and CDATA, the `<![CDATA[` opener and the name reader run one
 * tight loop over the chunk's character codes instead, then move saxes' position fields over what they read as its
 * own loop would have.
 *
 * Only plain characters are read this way. Whatever saxes treats specially — `&`, a carriage return, a character
 * XML forbids, anything but a valid surrogate pair in the surrogate range, the chunk's end where saxes' own states
 * would stop elsewhere — is left to saxes' own code, from where it stands, with what was read so far handed over in
 * its own fields: its result, its error and the position in that error are saxes'. XML 1.1 documents and text
 * outside the root are read by saxes alone.
 *
 * saxes keeps these fields and its state table private: the patch checks that they look as expected (saxes 6) and
 * does nothing otherwise. `fastStatesInstalled` says which happened (a test asserts it, so an upgrade is noticed).
 */

/** The private part of saxes 6 read and written here (saxes.js: `getCode10`, `handleTextInRoot`, `sCData`…). */
interface SaxesInternals {
  stateTable: ((this: SaxesInternals) => void)[];
  state: number;
  chunk: string;
  i: number;
  prevI: number;
  line: number;
  column: number;
  positionAtNewLine: number;
  chunkPosition: number;
  text: string;
  name: string;
  openWakaBang: string;
  forbiddenState: number;
  sawRoot: boolean;
  closedRoot: boolean;
  tags: unknown[];
  textHandler: ((text: string) => void) | undefined;
  cdataHandler: ((cdata: string) => void) | undefined;
  getCode: () => number;
  getCode10: () => number;
  captureNameChars: () => number;
}

// saxes 6's state numbers and `forbiddenState` values (saxes.js, top of the file).
const S_TEXT = 13;
const S_OPEN_WAKA = 15;
const S_OPEN_WAKA_BANG = 16;
const S_CDATA = 20;
const FORBIDDEN_START = 0;
const FORBIDDEN_BRACKET = 1;
const FORBIDDEN_BRACKET_BRACKET = 2;
/** getCode's "end of chunk". */
const EOC = -1;

/** How a scan stopped. */
const END = 0;
const CARE = 1;
const LESS = 2;
const CLOSE = 3;

/** Where a scan stopped and the lines and surrogate pairs it crossed (one per parser: no allocation per call). */
interface Scan {
  at: number;
  lines: number;
  /** Index just after the last newline read, or where the scan started. */
  lineStart: number;
  /** Surrogate pairs read since `lineStart`: one column each, not two. */
  pairs: number;
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * CDATA from `start` up to `limit`: stops at `]]>` (CLOSE), at a character getCode10 does not pass through untouched
 * (CARE: `\r`, a control XML forbids, U+FFFE/U+FFFF, a surrogate not in a valid pair) or at `limit` (END).
 */
function scanCData(chunk: string, start: number, limit: number, s: Scan): number {
  s.lines = 0;
  s.lineStart = start;
  s.pairs = 0;
  let at = start;
  while (at < limit) {
    const c = chunk.charCodeAt(at);
    if (c >= 0x20 && c < 0xd800) {
      if (c === 0x5d && chunk.charCodeAt(at + 1) === 0x5d && chunk.charCodeAt(at + 2) === 0x3e) {
        s.at = at;
        return CLOSE;
      }
      at += 1;
    } else if (c === 0x0a) {
      at += 1;
      s.lines += 1;
      s.lineStart = at;
      s.pairs = 0;
    } else if (c === 0x09 || (c >= 0xe000 && c <= 0xfffd)) at += 1;
    else if (isHigh(c) && isLow(chunk.charCodeAt(at + 1))) {
      at += 2;
      s.pairs += 1;
    } else {
      s.at = at;
      return CARE;
    }
  }
  s.at = limit;
  return END;
}

/** saxes' `forbiddenState` at `at` in text read raw from `start` (`forbidden`: its value at `start`). */
function forbiddenAt(chunk: string, start: number, at: number, forbidden: number): number {
  if (at === start) return forbidden;
  if (chunk.charCodeAt(at - 1) !== 0x5d) return FORBIDDEN_START;
  if (at - start === 1) return forbidden === FORBIDDEN_START ? FORBIDDEN_BRACKET : FORBIDDEN_BRACKET_BRACKET;
  return chunk.charCodeAt(at - 2) === 0x5d ? FORBIDDEN_BRACKET_BRACKET : FORBIDDEN_BRACKET;
}

/**
 * Text inside the root from `start`: stops at `<` (LESS), at what saxes reads itself (CARE: `&`, the `>` of `]]>`,
 * and what scanCData stops at) or at the chunk's end (END).
 */
function scanText(chunk: string, start: number, forbidden: number, s: Scan): number {
  s.lines = 0;
  s.lineStart = start;
  s.pairs = 0;
  const limit = chunk.length;
  let at = start;
  while (at < limit) {
    const c = chunk.charCodeAt(at);
    if (c > 0x3e && c < 0xd800) at += 1;
    else if (c >= 0x20 && c < 0x3c) {
      if (c === 0x26) break;
      at += 1;
    } else if (c === 0x3c) {
      s.at = at;
      return LESS;
    } else if (c === 0x3d) at += 1;
    else if (c === 0x3e) {
      if (forbiddenAt(chunk, start, at, forbidden) === FORBIDDEN_BRACKET_BRACKET) break;
      at += 1;
    } else if (c === 0x0a) {
      at += 1;
      s.lines += 1;
      s.lineStart = at;
      s.pairs = 0;
    } else if (c === 0x09 || (c >= 0xe000 && c <= 0xfffd)) at += 1;
    else if (isHigh(c) && isLow(chunk.charCodeAt(at + 1))) {
      at += 2;
      s.pairs += 1;
    } else break;
  }
  s.at = at;
  return at === limit ? END : CARE;
}

/** Moves saxes' position from `start` to `to` as getCode10 would have, one call per character, over a scan's reading. */
function moveTo(p: SaxesInternals, s: Scan, start: number, to: number): void {
  if (s.lines > 0) {
    p.line += s.lines;
    p.column = to - s.lineStart - s.pairs;
    p.positionAtNewLine = p.chunkPosition + s.lineStart;
  } else p.column += to - start - s.pairs;
  p.i = to;
  p.prevI = to - 1;
}

/** What getCode10 leaves when it reads past the end of the chunk (its EOC): `i` one beyond, `prevI` at the end. */
function readEnd(p: SaxesInternals): void {
  p.prevI = p.chunk.length;
  p.i = p.chunk.length + 1;
}

/**
 * What getCode10 does not pass through untouched in CDATA (scanCData's CARE), for a native search: a chunk is
 * searched once for it, not once per section (see NextIndex).
 */
// eslint-disable-next-line no-control-regex -- the controls XML forbids are exactly what is searched for
const CDATA_CARE = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g;

const careSearch = (chunk: string, from: number): number => {
  CDATA_CARE.lastIndex = from;
  return CDATA_CARE.test(chunk) ? CDATA_CARE.lastIndex - 1 : chunk.length;
};

const newlineSearch = (chunk: string, from: number): number => {
  const at = chunk.indexOf('\n', from);
  return at === -1 ? chunk.length : at;
};

/**
 * The next position of a kind in the chunk being read, remembered: one found from `from` stands for every later
 * search from up to it, so that a 64 K chunk is searched once however many sections it holds (the next character
 * that needs care is usually far past the section, or nowhere).
 */
class NextIndex {
  private chunk = '';
  private chunkPosition = -1;
  private from = 0;
  private at = 0;

  constructor(private readonly search: (chunk: string, from: number) => number) {}

  /** The first position at or after `from` (the chunk's length when there is none). */
  find(p: SaxesInternals, from: number): number {
    if (p.chunkPosition !== this.chunkPosition || from < this.from || from > this.at || p.chunk !== this.chunk) {
      this.at = this.search(p.chunk, from);
      this.from = from;
      this.chunk = p.chunk;
      this.chunkPosition = p.chunkPosition;
    }
    return this.at;
  }
}

/** ASCII characters of XML names (`isNameChar`): letters, digits, `_`, `:`, `.`, `-`. */
const ASCII_NAME = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-') ASCII_NAME[c.charCodeAt(0)] = 1;
/** What ends a name in well-formed tags, read here: `>`, `/`, space, `=`, tab. Anything else is saxes' own. */
const NAME_END = new Uint8Array(128);
for (const c of '>/ =\t') NAME_END[c.charCodeAt(0)] = 1;

/** The fast readers of one parser: saxes' own functions for what they leave, and one scan record. */
function fastReaders(p: SaxesInternals) {
  const originalText = p.stateTable[S_TEXT]!;
  const originalCData = p.stateTable[S_CDATA]!;
  const originalBang = p.stateTable[S_OPEN_WAKA_BANG]!;
  const originalName = p.captureNameChars;
  const s: Scan = { at: 0, lines: 0, lineStart: 0, pairs: 0 };
  const care = new NextIndex(careSearch);
  const newline = new NextIndex(newlineSearch);

  /**
   * CDATA from `start` as scanCData reads it, with native searches when nothing needs care before the section's end
   * (or the chunk's): `]]>` found by indexOf, the lines counted from newline to newline.
   */
  function scanCDataFast(chunk: string, start: number): number {
    const close = chunk.indexOf(']]>', start);
    const stop = close === -1 ? chunk.length : close;
    if (care.find(p, start) < stop) return scanCData(chunk, start, chunk.length, s);
    s.lines = 0;
    s.lineStart = start;
    s.pairs = 0;
    for (let at = newline.find(p, start); at < stop; at = newline.find(p, at + 1)) {
      s.lines += 1;
      s.lineStart = at + 1;
    }
    s.at = stop;
    return close === -1 ? END : CLOSE;
  }

  /** saxes' `sText` inside the root (`handleTextInRoot`). */
  function text(this: SaxesInternals): void {
    if (this.tags.length === 0 || this.getCode !== this.getCode10) return originalText.call(this);
    const { chunk, i: start, textHandler: handler } = this;
    const stop = scanText(chunk, start, this.forbiddenState, s);
    const at = s.at;
    if (stop === LESS) {
      // The text so far goes to the handler (if any), as saxes does, and a tag starts.
      moveTo(this, s, start, at + 1);
      this.state = S_OPEN_WAKA;
      if (handler !== undefined) {
        const pending = this.text;
        const slice = chunk.slice(start, at);
        if (pending.length !== 0) {
          handler(pending + slice);
          this.text = '';
        } else if (slice.length !== 0) handler(slice);
      }
      this.forbiddenState = FORBIDDEN_START;
      return;
    }
    // The chunk's end, or a character saxes reads itself: what was read is handed over as saxes keeps it.
    if (at > start) {
      if (handler !== undefined) this.text += chunk.slice(start, at);
      this.forbiddenState = forbiddenAt(chunk, start, at, this.forbiddenState);
      moveTo(this, s, start, at);
    }
    if (stop === END) readEnd(this);
    else originalText.call(this);
  }

  /** saxes' `sCData`. */
  function cdata(this: SaxesInternals): void {
    if (this.getCode !== this.getCode10) return originalCData.call(this);
    const { chunk, i: start } = this;
    const stop = scanCDataFast(chunk, start);
    if (stop === CLOSE) {
      // The whole section is here and plain: what saxes' CDATA states do up to its `>`, then the handler.
      const close = s.at;
      this.text += chunk.slice(start, close);
      moveTo(this, s, start, close + 3);
      this.cdataHandler?.call(this, this.text);
      this.text = '';
      this.state = S_TEXT;
      return;
    }
    // Up to where the scan stopped, but for trailing `]`s: saxes' ending states read those. They also read the one
    // character after a `]` without reading past the chunk where its CDATA loop would (`i` one beyond): a `]` among
    // the chunk's last three code units is left to them too, so that `i` ends where saxes' does.
    let end = s.at;
    if (end === chunk.length) {
      for (let at = Math.max(start, end - 3); at < end; at++) {
        if (chunk.charCodeAt(at) === 0x5d) {
          end = at;
          break;
        }
      }
    }
    while (end > start && chunk.charCodeAt(end - 1) === 0x5d) end -= 1;
    if (end === start) return originalCData.call(this);
    if (end !== s.at) scanCData(chunk, start, end, s);
    this.text += chunk.slice(start, end);
    moveTo(this, s, start, end);
    if (end === chunk.length) readEnd(this);
    else originalCData.call(this);
  }

  /** saxes' `sOpenWakaBang` (after `<!`) reading `[CDATA[` inside the root, where it has nothing to complain about. */
  function bang(this: SaxesInternals): void {
    const { chunk, i: start } = this;
    if (this.openWakaBang !== '' || this.tags.length === 0 || !this.sawRoot || this.closedRoot || !chunk.startsWith('[CDATA[', start)) {
      return originalBang.call(this);
    }
    this.i = start + 7;
    this.prevI = start + 6;
    this.column += 7;
    this.state = S_CDATA;
  }

  /** saxes' `captureNameChars`: ASCII name characters here, up to a character that ends a tag's name. */
  function name(this: SaxesInternals): number {
    const { chunk, i: start } = this;
    const limit = chunk.length;
    let at = start;
    let c = 0;
    while (at < limit && (c = chunk.charCodeAt(at)) < 0x80 && ASCII_NAME[c] === 1) at += 1;
    if (at < limit && c < 0x80 && NAME_END[c] === 1) {
      // Read as saxes does: the name, then the character that ended it (one column).
      this.name += chunk.slice(start, at);
      this.column += at + 1 - start;
      this.i = at + 1;
      this.prevI = at;
      return c;
    }
    // Anything else (the chunk's end, a line end, a non-ASCII character): saxes goes on from where this stopped.
    if (at > start) {
      this.name += chunk.slice(start, at);
      this.column += at - start;
      this.i = at;
      this.prevI = at - 1;
    }
    return originalName.call(this);
  }

  return { text, cdata, bang, name };
}

let installed: boolean | undefined;

/** Whether saxes looks as this module expects (checked once): its states at the numbers used here. */
function saxesMatches(parser: SaxesInternals): boolean {
  const proto = SaxesParser.prototype as unknown as Record<string, unknown>;
  const table = parser.stateTable;
  return (
    Array.isArray(table) &&
    table[S_TEXT] === proto.sText &&
    table[S_OPEN_WAKA] === proto.sOpenWaka &&
    table[S_OPEN_WAKA_BANG] === proto.sOpenWakaBang &&
    table[S_CDATA] === proto.sCData &&
    parser.captureNameChars === proto.captureNameChars &&
    parser.getCode === proto.getCode10 &&
    EOC === -1 &&
    typeof parser.forbiddenState === 'number' &&
    typeof parser.positionAtNewLine === 'number' &&
    typeof parser.chunkPosition === 'number' &&
    typeof parser.openWakaBang === 'string' &&
    typeof parser.closedRoot === 'boolean'
  );
}

/** Installs the faster readers on one parser (before its first write); false, and nothing changed, if saxes differs. */
export function installFastStates(parser: SaxesParser): boolean {
  const p = parser as unknown as SaxesInternals;
  installed ??= saxesMatches(p);
  if (!installed) return false;
  const fast = fastReaders(p);
  p.stateTable = p.stateTable.slice();
  p.stateTable[S_TEXT] = fast.text;
  p.stateTable[S_CDATA] = fast.cdata;
  p.stateTable[S_OPEN_WAKA_BANG] = fast.bang;
  p.captureNameChars = fast.name;
  return true;
}

/** Whether saxes matched what installFastStates expects (see the module comment). */
export function fastStatesInstalled(): boolean {
  return installed === true;
}
