import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Description HTML reduced to an allow-list of formatting tags. Anything executable or embedding (script, style,
 * iframe, forms, media) is dropped with its content; unknown wrappers (div, span, font, table cells) are unwrapped
 * and block ones become paragraphs so text does not run together. Links keep only an http(s)/mailto href.
 * Plain text (no tags) is turned into paragraphs and line breaks. Serialised here rather than with cheerio, which
 * would encode every accent as an entity.
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
]);
const BLOCK_OUT = new Set(['p', 'ul', 'ol', 'li', 'h2', 'h3', 'h4']);
const VOID = new Set(['br']);

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
      html += escapeText(node.data.replace(/\s+/g, ' '));
      continue;
    }
    if (node.type !== 'tag') continue; // comments, directives, CDATA; script/style nodes have their own types
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (DROP.has(name)) continue;
    const tag = RENAME[name] ?? name;
    const inner = render(el.children, baseUrl);
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

/** Paragraphs without text (WYSIWYG leftovers), and spaces next to block boundaries. */
function tidy(html: string): string {
  let out = html;
  let previous;
  do {
    previous = out;
    out = out
      .replace(/\s*(<\/?(?:p|ul|ol|li|h2|h3|h4)>)\s*/g, '$1')
      .replace(/<(p|li|h2|h3|h4|strong|em|b|i|u)>(?:\s|<br>)*<\/\1>/g, '')
      .replace(/<(p|li|h2|h3|h4)>(?:\s|<br>)+/g, '<$1>')
      .replace(/(?:\s|<br>)+<\/(p|li|h2|h3|h4)>/g, '</$1>');
  } while (out !== previous);
  return out.replace(/ {2,}/g, ' ').trim();
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

export function sanitiseHtml(input: string, baseUrl?: string): string {
  const source = input.normalize('NFC');
  if (!/<[a-z!/]/i.test(source)) {
    // No markup, but maybe entities ("Caf&eacute;"): decode them before escaping.
    const decoded = /&/.test(source) ? load(source, { xml: { xmlMode: false } }, false).root().text() : source;
    return plainTextToHtml(decoded);
  }
  const $ = load(source, { xml: { xmlMode: false } }, false);
  return tidy(render($.root().contents().toArray(), baseUrl).html);
}
