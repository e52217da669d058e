import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sanitiseHtml } from './sanitise';

/**
 * Real-world description HTML patterns (Greenhouse's escaped content, Lever's lists, Word-pasted markup, `<br>` runs,
 * nested spans, layout tables) and what the sanitiser must make of them: `<name>.html` in, `<name>.expected.html` out.
 * Whatever the markup, no two words may end up glued together and no block may run into the next.
 */
const dir = join(import.meta.dirname, 'fixtures', 'sanitise');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.html') && !f.endsWith('.expected.html'))
  .map((f) => f.slice(0, -'.html'.length));

/** Visible words of some HTML, blocks and breaks counting as separators. */
function words(html: string): string[] {
  return html
    .replace(/<\/?(?:p|ul|ol|li|h2|h3|h4|br)>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;|&#160;|\u00a0/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

describe('sanitiseHtml on the real-world corpus', () => {
  it('has the corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  it.each(cases)('%s', (name) => {
    const input = readFileSync(join(dir, `${name}.html`), 'utf8');
    const expected = readFileSync(join(dir, `${name}.expected.html`), 'utf8');
    const output = sanitiseHtml(input, 'https://careers.example.test/jobs/1');
    expect(output).toBe(expected);
    // Idempotent: sanitised output sanitised again is unchanged.
    expect(sanitiseHtml(output, 'https://careers.example.test/jobs/1')).toBe(output);
  });

  it('never glues the words around an inline element holding only a non-breaking space', () => {
    for (const tag of ['span', 'strong', 'em', 'b', 'i', 'u', 'font', 'o:p', 'a']) {
      const html = `<p>you<${tag}>&nbsp;</${tag}>will</p>`;
      expect(words(sanitiseHtml(html)), html).toEqual(['you', 'will']);
    }
    expect(sanitiseHtml('you&nbsp;will')).toBe('<p>you will</p>');
    expect(sanitiseHtml('<p>you<b><br></b>will</p>')).toBe('<p>you<br>will</p>');
  });

  it('separates text at block boundaries, empty blocks and rules included', () => {
    for (const html of ['a<div>b</div>', '<div>a</div>b', 'a<p></p>b', 'a<p>&nbsp;</p>b', 'a<hr>b', '<td>a</td><td>b</td>', 'a<div><br></div>b']) {
      expect(words(sanitiseHtml(html)), html).toEqual(['a', 'b']);
    }
  });
});
