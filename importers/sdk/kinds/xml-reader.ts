import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImporterError, InvalidDocumentError, ItemTooLargeError, TruncatedFeedError } from '../errors';
import { installFastStates } from './xml-fast-states';
import { decodeCdataEntities, type LenientCounts, lenientXml, withHtmlEntities } from './xml-lenient';
import { type ItemMatcher, itemMatcher, surveyChild, type XmlSurvey } from './xml-survey';

/**
 * The streaming reader of the xml kind: a document in, item elements out. The document is never held whole:
 * saxes consumes decoded chunks as they arrive and only the element currently being read as an item is kept (a
 * small tree), then handed out as soon as it closes.
 *
 * Safety: no DTD is processed. A DOCTYPE that declares entities (billion laughs, external entities) is refused
 * outright. Besides the five XML entities, the HTML named ones real multiposting feeds carry outside CDATA
 * (`&nbsp;`, `&eacute;`, `&euro;`: the HTML5 table, each one or two characters, never expanded further) are decoded
 * and counted (`onHtmlEntity`); any other reference is an error.
 *
 * Bounded while it streams, not after: saxes buffers a whole text node, CDATA section, comment, attribute value or
 * name before it reports it, so chunks are written to it in slices and its buffers are measured after each one. A
 * 300 MB title, comment or run of text between items fails with `ItemTooLargeError` once it passes the limit, with
 * at most one slice more in memory; so does nesting deeper than `maxDepth` (saxes keeps every open element).
 */

/** One item element and its descendants, with text and CDATA merged in document order. */
export interface XmlElement {
  /** Local name (`id` for `<g:id>`). */
  name: string;
  /** Qualified name, only when it has a prefix (`g:id`). */
  qname?: string;
  attributes: Record<string, string>;
  /** Text and CDATA directly inside this element (not its children's). */
  text: string;
  children: XmlElement[];
  /** Own text split around the children, once there are some: parts[i] comes before children[i]. */
  parts?: string[];
}

export interface XmlItemsOptions {
  /**
   * One item: a local element name (`job`, `position`) matched at any depth, not inside another item; a prefixed
   * name (`g:item`) matched as written; or a path from the root (`rss/channel/item`), matched exactly.
   */
  item: string;
  /** Where the document came from (URL): named in every error. */
  source: string;
  /**
   * Cap on one item's size, on any single node the parser buffers (text, CDATA, comment, attribute, name, the
   * text between items) and on the prolog before the root, in characters (default 5 000 000).
   */
  maxItemChars?: number;
  /** Cap on element nesting (default 256): feeds are a few levels deep. */
  maxDepth?: number;
  /**
   * Read hand-built feeds as a lenient parser would (./xml-lenient: bare `&`, HTML entities, entities inside
   * CDATA, windows-1252 C1 debris), counting into this object what was forgiven. Absent: strict XML.
   */
  lenient?: LenientCounts;
  /** Filled while reading: items handed out and the elements seen outside items (./xml-survey). */
  survey?: XmlSurvey;
  /** Decode HTML named entities (`&eacute;`) as their characters (default true); false: they fail the document. */
  htmlEntities?: boolean;
  /** Called for each HTML named entity decoded (not for the five XML ones), with its name: what a run reports. */
  onHtmlEntity?: (name: string) => void;
}

const DEFAULT_MAX_ITEM_CHARS = 5_000_000;
const DEFAULT_MAX_DEPTH = 256;
/** Characters written to saxes at once: its buffers are measured between two writes. */
const SLICE_CHARS = 64 * 1024;

/**
 * What saxes holds between two writes (private fields, read only here): the node being read (`text` serves text,
 * CDATA, comments, doctype and attribute values), a name, a processing instruction, an entity, the attributes of
 * the tag being opened and the open elements.
 */
interface SaxesBuffers {
  text: string;
  name: string;
  piTarget: string;
  entity: string;
  attribList: { name: string; value: string }[];
  tags: unknown[];
}

/** Characters saxes holds right now: a few fields, plus the attributes of a tag still open (usually none). */
function bufferedChars(parser: SaxesParser): number {
  const b = parser as unknown as SaxesBuffers;
  let chars = b.text.length + b.name.length + b.piTarget.length + b.entity.length;
  for (const attr of b.attribList) chars += attr.name.length + attr.value.length;
  return chars;
}

/**
 * One read in progress: saxes and its handlers, the item being built, the items closed and not yet handed out,
 * and the limits checked between writes. parseXmlItems drives it slice by slice.
 */
class XmlItemReader {
  readonly parser: SaxesParser;
  /** Names of every open element, root first: depth is small, and it tells where a truncated feed stopped. */
  private readonly open: string[] = [];
  /** Open elements of the current item, the item first; empty outside an item. */
  private readonly stack: XmlElement[] = [];
  /** Items closed by the last write, in document order. */
  readonly ready: XmlElement[] = [];
  private itemChars = 0;
  private sawRoot = false;
  private prologChars = 0;
  private readonly item: string;
  private readonly source: string;
  private readonly maxChars: number;
  private readonly maxDepth: number;
  private readonly isItem: ItemMatcher;
  private readonly survey: XmlSurvey | undefined;

  constructor(options: XmlItemsOptions) {
    this.item = options.item;
    this.source = options.source;
    this.maxChars = options.maxItemChars ?? DEFAULT_MAX_ITEM_CHARS;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.isItem = itemMatcher(options.item);
    this.survey = options.survey;
    this.parser = this.createParser(options);
  }

  private createParser(options: XmlItemsOptions): SaxesParser {
    const { lenient, source } = options;
    const parser = new SaxesParser({ xmlns: false, fileName: source, position: true });
    // Text and CDATA, most of a feed, read with native searches (same events, errors and positions).
    installFastStates(parser);
    // A lenient read has already turned HTML entities into character references (counted in `lenient`): the
    // reader's table is only for a strict read, so nothing is decoded twice.
    if (lenient === undefined && options.htmlEntities !== false) parser.ENTITIES = withHtmlEntities(parser.ENTITIES, options.onHtmlEntity);
    parser.on('doctype', (doctype) => {
      // An internal subset declaring entities is how entity-expansion attacks start; feeds never need one.
      if (/<!ENTITY/i.test(doctype)) {
        throw new InvalidDocumentError(`XML feed ${source} declares entities in its DOCTYPE (refused: no DTD processing)`, { url: source });
      }
    });
    parser.on('opentag', (tag) => this.openTag(tag));
    parser.on('closetag', () => this.closeTag());
    const addText = (text: string): void => this.addText(text);
    parser.on('text', addText);
    // C1 debris is repaired on the stream by lenientXml; entities inside CDATA only here, where CDATA is known.
    parser.on('cdata', lenient === undefined ? addText : (text) => addText(decodeCdataEntities(text, lenient)));
    return parser;
  }

  private where(): string {
    return `${this.source} line ${this.parser.line}, column ${this.parser.column + 1}`;
  }

  private itemTooLarge(): ItemTooLargeError {
    return new ItemTooLargeError(`XML item <${this.item}> larger than ${this.maxChars} characters at ${this.where()}`, { url: this.source, limit: this.maxChars });
  }

  private count(n: number): void {
    this.itemChars += n;
    if (this.itemChars > this.maxChars) throw this.itemTooLarge();
  }

  private addText(text: string): void {
    const current = this.stack.at(-1);
    if (current === undefined) return;
    this.count(text.length);
    current.text += text;
    if (current.parts !== undefined) current.parts[current.parts.length - 1] += text;
  }

  private openTag(tag: SaxesTagPlain): void {
    this.sawRoot = true;
    const { open, stack } = this;
    const colon = tag.name.indexOf(':');
    const local = colon === -1 ? tag.name : tag.name.slice(colon + 1);
    if (stack.length === 0) {
      if (this.survey !== undefined) surveyChild(this.survey, open, tag.name);
      open.push(tag.name);
      if (!this.isItem(open, tag.name, local)) return;
    } else open.push(tag.name);
    // A loop rather than a spread and entries(): it runs for every element of every item (≈ 15 per job).
    const attributes: Record<string, string> = {};
    let chars = tag.name.length;
    for (const name in tag.attributes) {
      const value = tag.attributes[name]!;
      attributes[name] = value;
      chars += name.length + value.length;
    }
    const element: XmlElement = colon === -1 ? { name: local, attributes, text: '', children: [] } : { name: local, qname: tag.name, attributes, text: '', children: [] };
    this.count(chars);
    const parent = stack.at(-1);
    if (parent !== undefined) {
      // The text around children, kept in order for text content and inline markup.
      (parent.parts ??= [parent.text]).push('');
      parent.children.push(element);
    }
    stack.push(element);
  }

  private closeTag(): void {
    this.open.pop();
    const closed = this.stack.pop();
    if (closed !== undefined && this.stack.length === 0) {
      this.ready.push(closed);
      this.itemChars = 0;
      if (this.survey !== undefined) this.survey.items += 1;
    }
  }

  /** saxes' own errors become InvalidDocumentError; ours pass through. */
  private guarded(step: () => void): void {
    try {
      step();
    } catch (err) {
      if (err instanceof ImporterError) throw err;
      // saxes prefixes its message with "<source>:<line>:<column>:".
      const message = err instanceof Error ? err.message : String(err);
      throw new InvalidDocumentError(`Malformed XML feed: ${message}`, { url: this.source, cause: err });
    }
  }

  /** Writes one slice, then checks that nothing saxes buffers passes the limits, whatever it is part of. */
  write(slice: string): void {
    this.guarded(() => this.parser.write(slice));
    const buffered = bufferedChars(this.parser);
    // Inside an item, what saxes holds is part of the item; outside, it is one node no listing needs.
    if (this.stack.length > 0 && this.itemChars + buffered > this.maxChars) throw this.itemTooLarge();
    const { maxChars, maxDepth, source } = this;
    if (buffered > maxChars) {
      throw new ItemTooLargeError(`XML node (text, CDATA, comment, attribute or name) larger than ${maxChars} characters at ${this.where()}`, {
        url: source,
        limit: maxChars,
      });
    }
    if ((this.parser as unknown as SaxesBuffers).tags.length > maxDepth) {
      throw new ItemTooLargeError(`XML elements nested deeper than ${maxDepth} levels at ${this.where()}`, { url: source, limit: maxDepth });
    }
  }

  /** After a whole chunk: a prolog (before the root) is bounded like a node. */
  checkProlog(chunkChars: number): void {
    if (this.sawRoot) return;
    this.prologChars += chunkChars;
    if (this.prologChars > this.maxChars) {
      throw new ItemTooLargeError(`XML feed ${this.source} has no root element in its first ${this.maxChars} characters`, { url: this.source, limit: this.maxChars });
    }
  }

  /** The end of the stream: a feed that did not end cleanly is never a complete listing. */
  end(): void {
    const { parser } = this;
    if (this.open.length > 0) {
      throw new TruncatedFeedError(
        `XML feed ${this.source} ended early at line ${parser.line}, column ${parser.column + 1}, inside <${this.open.join('/')}>: ` +
          'the listing is incomplete',
        { url: this.source, line: parser.line },
      );
    }
    // Final well-formedness checks: an empty body or one ending inside a comment or tag is not a listing either.
    this.guarded(() => parser.close());
  }

  /** Hands out the queued items in order, emptying the queue. */
  take(): XmlElement[] {
    return this.ready.splice(0);
  }
}

/**
 * Parses any stream of decoded text chunks and yields each item element as it closes. Throws
 * `TruncatedFeedError` when the stream ends inside an element, `ItemTooLargeError` past a size or depth limit, and
 * `InvalidDocumentError` on malformed XML or entity declarations: a feed that did not end cleanly is never a
 * complete listing.
 */
export async function* parseXmlItems(chunks: AsyncIterable<string>, options: XmlItemsOptions): AsyncGenerator<XmlElement> {
  for await (const batch of parseXmlItemBatches(chunks, options)) yield* batch;
}

/**
 * parseXmlItems, the items closed by each slice written handed out together (in order, never empty): a consumer that
 * maps every item saves an asynchronous step per item (≈ 35 items per 64 K slice of a multiposting feed).
 */
export async function* parseXmlItemBatches(chunks: AsyncIterable<string>, options: XmlItemsOptions): AsyncGenerator<XmlElement[]> {
  const reader = new XmlItemReader(options);
  for await (const chunk of options.lenient === undefined ? chunks : lenientXml(chunks, options.lenient)) {
    for (let at = 0; at < chunk.length; at += SLICE_CHARS) {
      reader.write(chunk.length <= SLICE_CHARS ? chunk : chunk.slice(at, at + SLICE_CHARS));
      // Items completed by this slice only: the queue never grows beyond one slice's worth.
      if (reader.ready.length > 0) yield reader.take();
    }
    reader.checkProlog(chunk.length);
  }
  reader.end();
  if (reader.ready.length > 0) yield reader.take();
}
