import { type ChildNode, Element, Text } from 'domhandler';

/**
 * The tree htmlparser2's `parseDocument(html, { xmlMode: false })` builds, for the plain HTML most feeds send
 * ("<p>…</p><h3>…</h3><ul><li>…</li></ul>"), in a fraction of its time; `null` for anything else, which the caller
 * then gives to htmlparser2. Accepted: lower-case tags of the names below without attributes, explicitly closed in
 * order, no character reference ('&') and no other '<' anywhere. Refused as well: an opening tag that htmlparser2
 * would let close the open one (`<p>a<ul>` closes the p, `<li>a<li>` the li), so the tree is the same one. Text
 * nodes hold the source text as is, as htmlparser2's do when there is no entity to decode.
 */
const NAMES = new Set(['p', 'br', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'u', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'span']);
/** htmlparser2's `openImpliesClose` for those names: opening the key closes an open element of these names. */
const CLOSED_BY: Record<string, string> = { li: 'li', p: 'p', h1: 'p', h2: 'p', h3: 'p', h4: 'p', h5: 'p', h6: 'p', div: 'p', ul: 'p', ol: 'p' };
const TAG = /<(\/?)([a-z][a-z0-9]*)>/g;

export function parseSimpleHtml(html: string): ChildNode[] | null {
  if (html.includes('&')) return null;
  const root: ChildNode[] = [];
  const open: Element[] = [];
  let children = root;
  let at = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    if (m.index > at && !addText(children, html.slice(at, m.index))) return null;
    at = TAG.lastIndex;
    const name = m[2]!;
    if (!NAMES.has(name)) return null;
    if (m[1] === '/') {
      // `</br>` and a close out of order are htmlparser2's own repairs: left to it.
      if (open.at(-1)?.name !== name) return null;
      open.pop();
      children = open.at(-1)?.children ?? root;
      continue;
    }
    const closed = CLOSED_BY[name];
    if (closed !== undefined && open.at(-1)?.name === closed) return null;
    const element = new Element(name, {}, []);
    children.push(element);
    if (name === 'br') continue;
    open.push(element);
    children = element.children;
  }
  if (open.length > 0) return null;
  if (at < html.length && !addText(children, html.slice(at))) return null;
  return root;
}

/** False for text holding a '<' that is not one of the tags above (a comment, an attribute, "a < b"): not simple. */
function addText(children: ChildNode[], data: string): boolean {
  if (data.includes('<')) return false;
  children.push(new Text(data));
  return true;
}
