import { type ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseSimpleHtml } from './simple-html';
import { seededRandom } from '../testing/random';

/** What render reads of a tree: types, names, attributes, text, nesting. */
function shape(nodes: readonly ChildNode[]): unknown[] {
  return nodes.map((n) => (n.type === 'text' ? ['text', n.data] : n instanceof Element ? [n.type, n.name, n.attribs, shape(n.children)] : [n.type]));
}

const reference = (html: string) => shape(parseDocument(html, { xmlMode: false }).children);

const random = seededRandom;

const PIECES = [
  '<p>', '</p>', '<ul>', '</ul>', '<ol>', '</ol>', '<li>', '</li>', '<br>', '</br>', '<b>', '</b>', '<strong>', '</strong>',
  '<h1>', '</h1>', '<h3>', '</h3>', '<div>', '</div>', '<span>', '</span>', '<em>', '</em>', '<table>', '<td>',
  'Vos missions', 'a', ' ', '  ', '\n', '\r\n', '\t', '\u00a0', 'é', 'e\u0301', '>', '<', '< b', '&amp;', '&', '<P>',
  '<p class="x">', '<br/>', '<!-- c -->', '<script>', '</script>', '<a href="/x">', '</a>', '\u0000', '<1>',
];

describe('parseSimpleHtml', () => {
  it('builds the tree htmlparser2 builds for a plain description', () => {
    const html =
      "<p>Au sein de notre agence de Lyon, vous rejoignez une équipe.</p><h3>Vos missions</h3><ul><li>Accueillir</li>\n<li>Suivre</li></ul><p>Vous justifiez d'une <strong>première</strong> expérience ;<br>rigueur.</p>";
    const tree = parseSimpleHtml(html);
    expect(tree).not.toBeNull();
    expect(shape(tree!)).toEqual(reference(html));
  });

  it('leaves to htmlparser2 what it would repair or decode', () => {
    for (const html of ['<p>a<ul><li>b</li></ul></p>', '<li>a<li>b', '<p>a', 'a</p>', '<b>a<i>b</b></i>', 'R&amp;D', '<p class="x">a</p>', '<P>a</P>', 'a < b', '<br/>', '</br>', '<!-- x -->a', '<table><td>a</td></table>']) {
      expect(parseSimpleHtml(html), html).toBeNull();
    }
  });

  it('agrees with htmlparser2 on every input it accepts (20,000 generated)', () => {
    const next = random(12);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      let html = '';
      const length = Math.floor(next() * 14);
      for (let k = 0; k < length; k++) html += PIECES[Math.floor(next() * PIECES.length)];
      const tree = parseSimpleHtml(html);
      if (tree === null) continue;
      accepted += 1;
      expect(shape(tree), JSON.stringify(html)).toEqual(reference(html));
    }
    // Enough accepted inputs for the comparison to mean something.
    expect(accepted).toBeGreaterThan(1_000);
  });
});
