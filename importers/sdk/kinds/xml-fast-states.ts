import { SaxesParser } from 'saxes';

/**
 * Faster text, CDATA and closing-tag states for saxes, same results. saxes reads every character through a method
 * call that checks it and moves the line and column; a feed is mostly text and CDATA, so that loop is most of the
 * parse. Here the states that read them jump from one character that needs care to the next with a native search
 * (`indexOf`, a global regex from an offset), then move saxes' position fields over the characters skipped as its own
 * loop would have; a closing tag that names the element open is compared whole.
 *
 * Only plain characters are skipped this way. Whatever saxes treats specially — `&`, a carriage return, a character
 * XML forbids, anything but a valid surrogate pair in the surrogate range, a closing tag it would complain about — is
 * left to saxes' own state, from where it stands, with what was read so far handed over in its own fields: its
 * result, its error and the position in that error are saxes'. XML 1.1 documents and text outside the root are read
 * by saxes alone.
 *
 * saxes keeps these fields and its state table private: the patch checks that they look as expected (saxes 6) and
 * does nothing otherwise. `fastStatesInstalled` says which happened (a test asserts it, so an upgrade is noticed).
 */

/** The private part of saxes 6 read and written here (saxes.js: `getCode10`, `handleTextInRoot`, `sCData`). */
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
  forbiddenState: number;
  tags: { name: string }[];
  name: string;
  textHandler: ((text: string) => void) | undefined;
  cdataHandler: ((cdata: string) => void) | undefined;
  getCode: () => number;
  getCode10: () => number;
  closeTag: () => void;
}

// saxes 6's state numbers and `forbiddenState` values (saxes.js, top of the file).
const S_TEXT = 13;
const S_OPEN_WAKA = 15;
const S_CDATA = 20;
const S_CLOSE_TAG = 43;
const FORBIDDEN_START = 0;
const FORBIDDEN_BRACKET = 1;
const FORBIDDEN_BRACKET_BRACKET = 2;

/**
 * What getCode10 does not pass through untouched: `\r` (line ends are normalised), the controls XML 1.0 forbids,
 * U+FFFE/U+FFFF and the surrogates (a valid pair is let through below). Text adds `<`, `&`, `]` and `>`.
 */
const CDATA_CARE = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g;
const TEXT_CARE = /[<&\]>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g;

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * Where the next character of a kind is in the chunk being read, remembered: a position found from `from` stands
 * for every later search from up to it, so a 64 KB chunk is searched once however many nodes it holds (a CDATA
 * section does not end at the next character that needs care, often in another item or none in the chunk).
 */
class NextIndex {
  private chunk = '';
  private chunkPosition = -1;
  private from = 0;
  private at = 0;
  /** Whether a valid surrogate pair lies between `from` and `at` (skipped by the search). */
  private pairs = false;

  constructor(private readonly search: (chunk: string, from: number) => { at: number; pairs: boolean }) {}

  /** The next position at or after `from` (the chunk's length when there is none); `found.pairs` as above. */
  find(p: SaxesInternals, from: number, found: { pairs: boolean }): number {
    const { chunk, chunkPosition } = p;
    if (chunkPosition !== this.chunkPosition || chunk !== this.chunk || from < this.from || from > this.at) {
      const next = this.search(chunk, from);
      this.chunk = chunk;
      this.chunkPosition = chunkPosition;
      this.from = from;
      this.at = next.at;
      this.pairs = next.pairs;
    }
    if (this.pairs) found.pairs = true;
    return this.at;
  }
}

/** A valid surrogate pair at `at`: saxes reads it as one character (one column). */
const pairAt = (chunk: string, at: number): boolean => isHigh(chunk.charCodeAt(at)) && isLow(chunk.charCodeAt(at + 1));

/** The first character from `from` that `care` (a global regex) finds, valid surrogate pairs skipped. */
function careSearch(care: RegExp): (chunk: string, from: number) => { at: number; pairs: boolean } {
  return (chunk, from) => {
    let pairs = false;
    let at = from;
    for (;;) {
      care.lastIndex = at;
      const found = care.exec(chunk);
      if (found === null) return { at: chunk.length, pairs };
      if (!pairAt(chunk, found.index)) return { at: found.index, pairs };
      pairs = true;
      at = found.index + 2;
    }
  };
}

const newlineSearch = (chunk: string, from: number): { at: number; pairs: boolean } => {
  const at = chunk.indexOf('\n', from);
  return { at: at === -1 ? chunk.length : at, pairs: false };
};

/** The fast states of one parser, with their searches remembered for the chunk being read. */
class FastStates {
  private readonly newline = new NextIndex(newlineSearch);
  private readonly cdataCare = new NextIndex(careSearch(CDATA_CARE));
  private readonly textCare = new NextIndex(careSearch(TEXT_CARE));

  constructor(
    private readonly originalText: (this: SaxesInternals) => void,
    private readonly originalCData: (this: SaxesInternals) => void,
    private readonly originalCloseTag: (this: SaxesInternals) => void,
  ) {}

  /**
   * Moves saxes' position over chunk[from, to) as getCode10 would have, one call per character: a newline moves to
   * the next line, any other character (a surrogate pair counting once) one column. `pairs`: the range may hold one.
   */
  private advance(p: SaxesInternals, from: number, to: number, pairs: boolean): void {
    if (to <= from) return;
    const unused = { pairs: false };
    let lineStart = from;
    let lines = 0;
    for (let at = this.newline.find(p, from, unused); at < to; at = this.newline.find(p, at + 1, unused)) {
      lines += 1;
      lineStart = at + 1;
    }
    if (lines > 0) {
      p.line += lines;
      p.column = 0;
      p.positionAtNewLine = p.chunkPosition + lineStart;
    }
    let columns = to - lineStart;
    if (pairs) for (let at = lineStart; at < to; at++) if (isHigh(p.chunk.charCodeAt(at))) columns -= 1;
    p.column += columns;
    p.i = to;
    p.prevI = to - 1;
  }

  /** saxes' `sCData`, with runs of plain characters skipped natively. */
  cdata(p: SaxesInternals): void {
    if (p.getCode !== p.getCode10) return this.originalCData.call(p);
    const { chunk, i: start } = p;
    const found = { pairs: false };
    const care = this.cdataCare.find(p, start, found);
    const close = chunk.indexOf(']]>', start);
    if (close !== -1 && close < care) {
      // The whole section is here and plain: what saxes' CDATA states do up to its `>`, then the handler.
      p.text += chunk.slice(start, close);
      this.advance(p, start, close + 3, found.pairs);
      p.cdataHandler?.call(p, p.text);
      p.text = '';
      p.state = S_TEXT;
      return;
    }
    // Plain up to `care` (or the end of the chunk), but for trailing `]`s: saxes' ending states read those.
    let end = care;
    while (end > start && chunk.charCodeAt(end - 1) === 0x5d) end -= 1;
    if (end === start) return this.originalCData.call(p);
    p.text += chunk.slice(start, end);
    this.advance(p, start, end, found.pairs);
  }

  /** saxes' `sText` inside the root (`handleTextInRoot`), with runs of plain characters skipped natively. */
  text(p: SaxesInternals): void {
    if (p.tags.length === 0 || p.getCode !== p.getCode10) return this.originalText.call(p);
    const { chunk, textHandler: handler } = p;
    const start = p.i;
    let forbidden = p.forbiddenState;
    let at = start;
    const found = { pairs: false };
    for (;;) {
      const care = this.textCare.find(p, at, found);
      if (care > at) forbidden = FORBIDDEN_START;
      const code = chunk.charCodeAt(care);
      if (code === 0x3c) {
        // `<`: the text so far goes to the handler (if any), as saxes does, and a tag starts.
        this.advance(p, start, care + 1, found.pairs);
        p.state = S_OPEN_WAKA;
        if (handler !== undefined) {
          const { text } = p;
          const slice = chunk.slice(start, care);
          if (text.length !== 0) {
            handler(text + slice);
            p.text = '';
          } else if (slice.length !== 0) handler(slice);
        }
        p.forbiddenState = FORBIDDEN_START;
        return;
      }
      if (code === 0x5d) {
        forbidden = forbidden === FORBIDDEN_START ? FORBIDDEN_BRACKET : FORBIDDEN_BRACKET_BRACKET;
        at = care + 1;
        continue;
      }
      if (code === 0x3e && forbidden !== FORBIDDEN_BRACKET_BRACKET) {
        forbidden = FORBIDDEN_START;
        at = care + 1;
        continue;
      }
      // The end of the chunk, or a character saxes reads itself (`&`, the `>` of `]]>`, `\r`, a forbidden one):
      // what was read so far is handed over as saxes keeps it between two calls, and saxes goes on from there.
      if (handler !== undefined) p.text += chunk.slice(start, care);
      this.advance(p, start, care, found.pairs);
      p.forbiddenState = forbidden;
      if (care < chunk.length) this.originalText.call(p);
      return;
    }
  }

  /**
   * saxes' `sCloseTag` (after `</`) when the tag closes the element open, as written, in this chunk: what its name
   * loop would read, then its `closeTag`. Anything else (another name, spaces, the chunk ending) is saxes' own.
   */
  closeTag(p: SaxesInternals): void {
    const { chunk, i: start, tags } = p;
    const open = tags[tags.length - 1];
    if (p.name !== '' || open === undefined || p.getCode !== p.getCode10) return this.originalCloseTag.call(p);
    const { name } = open;
    const end = start + name.length;
    if (chunk.charCodeAt(end) !== 0x3e || !chunk.startsWith(name, start)) return this.originalCloseTag.call(p);
    this.advance(p, start, end + 1, true);
    p.name = name;
    p.closeTag();
  }
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
    table[S_CDATA] === proto.sCData &&
    table[S_CLOSE_TAG] === proto.sCloseTag &&
    typeof proto.closeTag === 'function' &&
    typeof proto.getCode10 === 'function' &&
    typeof parser.forbiddenState === 'number' &&
    typeof parser.positionAtNewLine === 'number' &&
    typeof parser.chunkPosition === 'number'
  );
}

/** Installs the faster states on one parser (before its first write); false if saxes differs. */
export function installFastStates(parser: SaxesParser): boolean {
  const p = parser as unknown as SaxesInternals;
  installed ??= saxesMatches(p);
  if (!installed) return false;
  const states = new FastStates(p.stateTable[S_TEXT]!, p.stateTable[S_CDATA]!, p.stateTable[S_CLOSE_TAG]!);
  p.stateTable = p.stateTable.slice();
  p.stateTable[S_TEXT] = function (this: SaxesInternals) {
    states.text(this);
  };
  p.stateTable[S_CDATA] = function (this: SaxesInternals) {
    states.cdata(this);
  };
  p.stateTable[S_CLOSE_TAG] = function (this: SaxesInternals) {
    states.closeTag(this);
  };
  return true;
}

/** Whether the last parser given to installFastStates got them (see the module comment). */
export function fastStatesInstalled(): boolean {
  return installed === true;
}
