import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { fastStatesInstalled, installFastStates } from './xml-fast-states';
import { seededRandom } from '../testing/random';

/** Everything a parser reports, with its position at each event, and how it ended. */
function trace(doc: string, cuts: number[], fast: boolean): string[] {
  const parser = new SaxesParser({ xmlns: false, fileName: 'doc.xml', position: true });
  if (fast) expect(installFastStates(parser)).toBe(true);
  const out: string[] = [];
  const at = () => `${parser.line}:${parser.column}:${parser.position}:${parser.columnIndex}`;
  parser.on('text', (t) => out.push(`text ${JSON.stringify(t)} ${at()}`));
  parser.on('cdata', (t) => out.push(`cdata ${JSON.stringify(t)} ${at()}`));
  parser.on('opentag', (t) => out.push(`open ${t.name} ${JSON.stringify(t.attributes)} ${at()}`));
  parser.on('closetag', (t) => out.push(`close ${t.name} ${at()}`));
  parser.on('comment', (t) => out.push(`comment ${JSON.stringify(t)} ${at()}`));
  parser.on('processinginstruction', (t) => out.push(`pi ${JSON.stringify(t)} ${at()}`));
  try {
    let from = 0;
    for (const cut of [...cuts, doc.length]) {
      parser.write(doc.slice(from, cut));
      out.push(`wrote ${at()}`);
      from = cut;
    }
    parser.close();
    out.push('closed');
  } catch (err) {
    out.push(`error ${err instanceof Error ? err.message : String(err)}`);
  }
  return out;
}

const random = seededRandom;

/** Pieces of text that exercise every branch: plain runs, line ends, brackets, entities, pairs and forbidden characters. */
const TEXT_PIECES = [
  'Développeur full-stack',
  ' ',
  '\n    ',
  '\t',
  '\r\n',
  '\r',
  ']',
  ']]',
  ']]>',
  '>',
  '] >',
  '&amp;',
  '&lt;p&gt;',
  '&#233;',
  '&unknown;',
  '😀',
  '\ud83d',
  '\ude00',
  '\u0001',
  '\ufffe',
  '\u0085',
  '\u2028',
  'é€',
];
const CDATA_PIECES = ['<p>Au sein de notre agence</p>', ']', ']]', ']]]', '\n', '\r\n', '\r', '😀', '\ud83d', '\u0007', '\uffff', 'x'];

function document(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const text = (pieces: readonly string[]) => Array.from({ length: Math.floor(next() * 6) }, () => pick(pieces)).join('');
  const clean = () => next() < 0.6;
  const body = (depth: number): string => {
    let out = '';
    const n = Math.floor(next() * 5);
    for (let i = 0; i < n; i++) {
      const r = next();
      if (r < 0.35) out += clean() ? text(TEXT_PIECES.slice(0, 4)) : text(TEXT_PIECES);
      else if (r < 0.6) out += `<![CDATA[${clean() ? text(CDATA_PIECES.slice(0, 2)) : text(CDATA_PIECES)}]]>`;
      else if (r < 0.65) out += `<!-- ${text(['a', '-', ' ', '\n'])} -->`;
      else if (r < 0.68) out += '<?pi data?>';
      else if (depth < 3) {
        const name = pick(['job', 'title', 'g:id', 'description', 'r\u{10000}sum\u00e9']);
        // Now and then a closing tag with spaces, of another element or cut short.
        const close = next() < 0.9 ? name : pick([`${name} `, `${name}\n`, 'title', `${name}x`, name.slice(0, -1)]);
        out += next() < 0.1 ? `<${name}/>` : `<${name}${next() < 0.2 ? ' id="1"' : ''}>${body(depth + 1)}</${close}>`;
      }
    }
    return out;
  };
  const decl = pick(['', '<?xml version="1.0" encoding="utf-8"?>\n', '<?xml version="1.1"?>\n']);
  const doc = `${decl}<source>${body(0)}</source>\n`;
  // Now and then a cut-off document.
  return next() < 0.05 ? doc.slice(0, Math.floor(next() * doc.length)) : doc;
}

describe('installFastStates', () => {
  it('is installed on saxes 6', () => {
    installFastStates(new SaxesParser());
    expect(fastStatesInstalled()).toBe(true);
  });

  it('reports the same events, positions and errors as saxes alone, on 3,000 seeded documents cut anywhere', () => {
    const next = random(20261207);
    let differences = 0;
    let errors = 0;
    for (let n = 0; n < 3_000; n++) {
      const doc = document(next);
      const cuts: number[] = [];
      for (let at = 0; at < doc.length; at += 1 + Math.floor(next() * 40)) if (next() < 0.5) cuts.push(at);
      const expected = trace(doc, cuts, false);
      const got = trace(doc, cuts, true);
      if (expected.at(-1)?.startsWith('error')) errors += 1;
      if (JSON.stringify(expected) !== JSON.stringify(got)) {
        differences += 1;
        if (differences === 1) expect({ doc, cuts, got }).toStrictEqual({ doc, cuts, got: expected });
      }
    }
    expect(differences).toBe(0);
    // Both kinds were exercised: well-formed documents and broken ones.
    expect(errors).toBeGreaterThan(300);
    expect(errors).toBeLessThan(2_700);
  });

  it('reads a feed-like document in large chunks the same way', () => {
    const job = (i: number) =>
      `  <job>\n    <title><![CDATA[Poste ${i} – H/F]]></title>\n    <description><![CDATA[<p>Texte ${'é'.repeat(i % 50)} ]] fin</p>]]></description>\n` +
      `    <city>Lyon &amp; environs</city>\n  </job>\n`;
    const doc = `<?xml version="1.0" encoding="utf-8"?>\n<source>\n${Array.from({ length: 400 }, (_, i) => job(i)).join('')}</source>\n`;
    const cuts = [1000, 65_536, 65_537, 100_000];
    expect(trace(doc, cuts, true)).toStrictEqual(trace(doc, cuts, false));
  });
});
