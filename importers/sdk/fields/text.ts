import { DomUtils, parseDocument } from 'htmlparser2';

/** Trims, collapses every whitespace run (including non-breaking spaces) and composes accents (NFC). */
export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** `null` when absent or blank after cleaning. */
export function cleanOptional(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = cleanText(String(value));
  return text === '' ? null : text;
}

/** Elements whose content is not text: dropped whole from a label. */
const HIDDEN_ELEMENTS = /<(script|style|template|iframe|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** Elements that separate words when a label carries them (`<br>`, "<p>CDI</p><p>Paris</p>"). */
const BLOCK_TAG = /<\/?(?:address|blockquote|br|center|dd|div|dl|dt|h[1-6]|hr|li|ol|p|pre|table|tbody|td|tfoot|th|thead|tr|ul)\b[^<>]*>/gi;
/** Formatting elements met in labels; a tag-like word no HTML element has ("<Remote>") is text, and stays. */
const INLINE_TAG = /<\/?(?:a|abbr|acronym|b|big|cite|code|del|em|font|i|img|ins|kbd|mark|nobr|q|s|samp|small|span|strike|strong|sub|sup|tt|u|var|wbr)\b[^<>]*>|<!--[\s\S]*?-->/gi;

/** HTML character references decoded once ("&eacute;", "&#233;", "&amp;"); `<` is never read as markup here. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return DomUtils.textContent(parseDocument(text.replace(/</g, '&lt;'), { decodeEntities: true }));
}

/**
 * A title or label as text, which may carry HTML entities or stray formatting tags ("R&amp;D &ndash; <b>CDI</b>").
 * Only tags of real HTML elements are markup: a title is text, and "Développeur <Remote>" (published escaped, then
 * decoded by the feed's parser or the page's) keeps its "<Remote>". Entities are decoded once, after the tags go: a
 * double-encoded "&amp;amp;" is what the site shows, so it stays "&amp;", and "&lt;b&gt;" stays the text "<b>".
 */
export function cleanLabel(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const raw = String(value);
  if (!/[&<]/.test(raw)) return cleanOptional(raw);
  const untagged = raw.includes('<') ? raw.replace(HIDDEN_ELEMENTS, ' ').replace(BLOCK_TAG, ' ').replace(INLINE_TAG, '') : raw;
  return cleanOptional(decodeEntities(untagged));
}
