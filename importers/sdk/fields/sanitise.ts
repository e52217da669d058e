import type { AnyNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { parseSimpleHtml } from './simple-html';

/**
 * Description HTML reduced to an allow-list of formatting tags. Anything executable or embedding (script, style,
 * iframe, forms, media) is dropped with its content; unknown wrappers (div, span, font, table cells) are unwrapped
 * and block ones become paragraphs so text does not run together. Links keep only an http(s)/mailto href.
 * Plain text (no tags) is turned into paragraphs and line breaks. Serialised here rather than with cheerio, which
 * would encode every accent as an entity.
 *
 * It runs once per job (≈ 1 KB each, 50,000 in a feed), so it is kept cheap: htmlparser2's `parseDocument` alone
 * (what `cheerio.load(html, { xml: { xmlMode: false } })` runs underneath, same options, hence the same tree),
 * no cheerio object around it; text without '&' or markup never reaches a parser; and the tidy regexes run only
 * when one of them would change something.
 */

const KEEP = new Set(['p', 'br', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'u', 'h2', 'h3', 'h4', 'a']);
const RENAME: Record<string, string> = { h1: 'h2', h5: 'h4', h6: 'h4' };
const DROP = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'template', 'svg',
  'math', 'form', 'input', 'button', 'select', 'textarea', 'option', 'head', 'title', 'meta', 'link', 'base',
  'img', 'video', 'audio', 'source', 'track', 'canvas', 'picture', 'map', 'dialog',
]);
const BLOCK = new Set([
  'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'blockquote', 'pre', 'address',
  'figure', 'figcaption', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td', 'th', 'dl', 'dt', 'dd', 'center',
  'caption', 'details', 'summary', 'fieldset', 'legend', 'hgroup', 'menu', 'dir',
]);
/** Kept inline elements: one holding only whitespace or breaks is replaced by what it holds (see render). */
const INLINE_KEPT = new Set(['strong', 'em', 'b', 'i', 'u', 'a']);
/** Only spaces and breaks: an inline element holding this separates words and carries nothing else. */
const BLANK_HTML = /^(?:\s|<br>)*$/;
const BLOCK_OUT = new Set(['p', 'ul', 'ol', 'li', 'h2', 'h3', 'h4']);
const VOID = new Set(['br']);

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whitespace that `\s+` → ' ' would change: any but a lone space. */
const COLLAPSIBLE = /[^\S ]|\s\s/;
const ESCAPABLE = /[&<>]/;

/** A text node's data collapsed and escaped; the tests spare both replacements on most text, which has neither. */
function textHtml(data: string): string {
  const text = COLLAPSIBLE.test(data) ? data.replace(/\s+/g, ' ') : data;
  return ESCAPABLE.test(text) ? escapeText(text) : text;
}

function safeHref(href: string | undefined, baseUrl: string | undefined): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href.trim(), baseUrl);
  } catch {
    return null;
  }
  return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
}

interface Out {
  html: string;
  hasBlock: boolean;
}

function render(nodes: AnyNode[], baseUrl: string | undefined): Out {
  let html = '';
  let hasBlock = false;
  for (const node of nodes) {
    if (node.type === 'text') {
      html += textHtml(node.data);
      continue;
    }
    if (node.type !== 'tag') continue; // comments, directives, CDATA; script/style nodes have their own types
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (DROP.has(name)) continue;
    if (name === 'hr') {
      // A rule separates what is on either side; a break does in the allow-list (dropped between blocks by tidy).
      html += '<br>';
      continue;
    }
    const tag = RENAME[name] ?? name;
    const inner = render(el.children, baseUrl);
    if (INLINE_KEPT.has(tag) && BLANK_HTML.test(inner.html)) {
      // "you<b>&nbsp;</b>will": the element goes, its space stays (dropping both glued the words together).
      html += inner.html;
      continue;
    }
    if (KEEP.has(tag)) {
      if (VOID.has(tag)) {
        html += '<br>';
        continue;
      }
      let attrs = '';
      if (tag === 'a') {
        const href = safeHref(el.attribs.href, baseUrl);
        if (!href) {
          html += inner.html;
          continue;
        }
        attrs = ` href="${escapeText(href).replace(/"/g, '&quot;')}"`;
      }
      html += `<${tag}${attrs}>${inner.html}</${tag}>`;
      hasBlock ||= BLOCK_OUT.has(tag);
    } else if (BLOCK.has(name) && !inner.hasBlock) {
      html += `<p>${inner.html}</p>`;
      hasBlock = true;
    } else {
      html += inner.html;
      hasBlock ||= inner.hasBlock;
    }
  }
  return { html, hasBlock };
}

/**
 * Matches exactly where one of tidy's replacements below would change the text: whitespace next to a block tag, an
 * empty element, a break right inside a block, breaks between two block tags or at either end. No match: a pass
 * would return its input, so it is skipped. Matching where no replacement changes anything would loop forever.
 */
const UNTIDY =
  /\s<\/?(?:p|ul|ol|li|h2|h3|h4)>|<\/?(?:p|ul|ol|li|h2|h3|h4)>\s|<(p|li|h2|h3|h4|strong|em|b|i|u)>(?:\s|<br>)*<\/\1>|<(?:p|li|h2|h3|h4)><br>|<br><\/(?:p|li|h2|h3|h4)>|^\s*<br>|<br>\s*$|<\/?(?:p|ul|ol|li|h2|h3|h4)>(?:<br>)+<\/?(?:p|ul|ol|li|h2|h3|h4)>/;

/**
 * Paragraphs without text (WYSIWYG leftovers), and spaces next to block boundaries. Passes repeat until one changes
 * nothing, as before; testing UNTIDY first spares the pass that would only confirm it (and every pass on clean HTML).
 */
function tidy(html: string): string {
  let out = html;
  while (UNTIDY.test(out)) {
    out = out
      .replace(/\s*(<\/?(?:p|ul|ol|li|h2|h3|h4)>)\s*/g, '$1')
      // An empty block still separated the text around it ("a<p></p>b"): a break stands for it…
      .replace(/<(p|li|h2|h3|h4)>(?:\s|<br>)*<\/\1>/g, '<br>')
      .replace(/<(strong|em|b|i|u)>(?:\s|<br>)*<\/\1>/g, '')
      .replace(/<(p|li|h2|h3|h4)>(?:\s|<br>)+/g, '<$1>')
      .replace(/(?:\s|<br>)+<\/(p|li|h2|h3|h4)>/g, '</$1>')
      // …and goes where blocks separate anyway: between two of them and at either end.
      .replace(/(^|<\/?(?:p|ul|ol|li|h2|h3|h4)>)(?:\s|<br>)+(?=<\/?(?:p|ul|ol|li|h2|h3|h4)>|$)/g, '$1')
      .replace(/^(?:\s|<br>)+|(?:\s|<br>)+$/g, '');
  }
  return (out.includes('  ') ? out.replace(/ {2,}/g, ' ') : out).trim();
}

function plainTextToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((para) =>
      para
        .split(/\r?\n/)
        .map((line) => escapeText(line.replace(/\s+/g, ' ').trim()))
        .filter(Boolean)
        .join('<br>'),
    )
    .filter(Boolean)
    .map((para) => `<p>${para}</p>`)
    .join('');
}

/** htmlparser2's options as cheerio's `load(html, { xml: { xmlMode: false } })` passes them. */
const PARSE_OPTIONS = { xmlMode: false };

/**
 * Text only made of characters below U+0300 is already NFC (the first that composition or a singleton
 * decomposition can change is the combining grave accent, U+0300): French text in precomposed accents skips
 * `normalize`, which copies. Control characters other than tab and newlines just take the slow path (lint).
 */
const MAYBE_UNNORMALISED = /[^\t\n\r\u0020-\u02ff]/;

/** A formatting tag, found in text only once its entities are decoded. */
const ESCAPED_MARKUP = /<(?:p|div|br|ul|ol|li|h[1-6]|strong|em|b|i|u|span|a|table)\b[^<>]*>/i;

export function sanitiseHtml(input: string, baseUrl?: string): string {
  const source = MAYBE_UNNORMALISED.test(input) ? input.normalize('NFC') : input;
  if (!/<[a-z!/]/i.test(source)) {
    // No markup, but maybe entities ("Caf&eacute;"): decode them before escaping.
    const decoded = source.includes('&') ? DomUtils.textContent(parseDocument(source, PARSE_OPTIONS)) : source;
    // HTML escaped once more ("&lt;p&gt;", as Greenhouse's API sends it): its markup is the description's.
    if (ESCAPED_MARKUP.test(decoded)) return tidy(render(parseDocument(decoded, PARSE_OPTIONS).children, baseUrl).html);
    return plainTextToHtml(decoded);
  }
  return tidy(render(parseSimpleHtml(source) ?? parseDocument(source, PARSE_OPTIONS).children, baseUrl).html);
}
