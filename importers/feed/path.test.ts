import { describe, expect, it } from 'vitest';
import { compileDateFormat } from './date-format';
import { decodeCdataEntities, type LenientCounts, lenientXml, repairC1 } from '../sdk/kinds/xml-lenient';
import { evalJsonPath, parseJsonPath, parseXmlPath, type PathSyntaxError } from './path';

const counts = (): LenientCounts => ({ bareAmpersands: 0, htmlEntities: 0, c1Repaired: 0 });

async function rewriteIn(pieces: string[], c: LenientCounts): Promise<string> {
  async function* chunks() {
    for (const piece of pieces) yield piece;
  }
  let out = '';
  for await (const chunk of lenientXml(chunks(), c)) out += chunk;
  return out;
}

describe('paths', () => {
  it('parses XML steps, positions, attributes, self and prefixed names', () => {
    expect(parseXmlPath('location/city')).toStrictEqual([
      { kind: 'element', name: 'location', prefixed: false },
      { kind: 'element', name: 'city', prefixed: false },
    ]);
    expect(parseXmlPath('category[3]')).toStrictEqual([{ kind: 'element', name: 'category', prefixed: false, position: 3 }]);
    expect(parseXmlPath('link/@href')).toStrictEqual([{ kind: 'element', name: 'link', prefixed: false }, { kind: 'attr', name: 'href' }]);
    expect(parseXmlPath('.')).toStrictEqual([{ kind: 'self' }]);
    expect(parseXmlPath('g:id')).toStrictEqual([{ kind: 'element', name: 'g:id', prefixed: true }]);
  });

  it('reports XML syntax errors with their position', () => {
    const error = (path: string) => {
      try {
        parseXmlPath(path);
      } catch (err) {
        return (err as PathSyntaxError).message;
      }
      return null;
    };
    expect(error('location//city')).toBe('path "location//city": empty step ("//") at position 10');
    expect(error('category[0]')).toBe('path "category[0]": positions start at 1, as in XPath at position 10');
    expect(error('category[x]')).toBe('path "category[x]": a position is a number in brackets, e.g. category[2] at position 9');
    expect(error('@id/name')).toBe('path "@id/name": an attribute (@…) must be the last step at position 1');
    expect(error('/job/title')).toBe('path "/job/title": paths are relative to the item, remove the leading "/" at position 1');
  });

  it('parses and evaluates JSON keys, indexes and [*]', () => {
    const item = { office: { city: 'Lyon' }, offices: [{ city: 'Lyon' }, { city: 'Paris' }, { city: null }], tags: ['a', 'b'] };
    expect(evalJsonPath(item, parseJsonPath('office.city'))).toStrictEqual(['Lyon']);
    expect(evalJsonPath(item, parseJsonPath('offices[1].city'))).toStrictEqual(['Paris']);
    expect(evalJsonPath(item, parseJsonPath('offices[*].city'))).toStrictEqual(['Lyon', 'Paris']);
    // Read as a place list, a final null keeps its index (zipped with the other offices' fields).
    expect(evalJsonPath(item, parseJsonPath('offices[*].city'), true)).toStrictEqual(['Lyon', 'Paris', null]);
    expect(evalJsonPath(item, parseJsonPath('tags[5]'))).toStrictEqual([]);
    expect(evalJsonPath([1, 2], parseJsonPath('$'))).toStrictEqual([[1, 2]]);
    expect(evalJsonPath({ 'a.b': 1 }, parseJsonPath('["a.b"]'))).toStrictEqual([1]);
    expect(() => parseJsonPath('offices[x].city')).toThrow('path "offices[x].city": expected an index (0-based), * or a quoted key in brackets at position 9');
    expect(() => parseJsonPath('office..city')).toThrow('empty key at position 8');
    expect(() => parseJsonPath('offices[0')).toThrow('unclosed "[" at position 8');
  });
});

describe('date formats', () => {
  it('reads the patterns feeds use, and nothing else', () => {
    expect(compileDateFormat('yyyy/MM/dd')('2024/03/11')).toBe('2024-03-11T00:00:00.000Z');
    expect(compileDateFormat('dd/MM/yyyy HH:mm')('11/03/2024 08:30')).toBe('2024-03-11T08:30:00.000Z');
    expect(compileDateFormat('EEE MMM dd HH:mm:ss zzz yyyy')('Tue Mar 12 10:00:00 CEST 2024')).toBe('2024-03-12T08:00:00.000Z');
    expect(compileDateFormat('d MMMM yyyy')('5 janvier 2026')).toBe('2026-01-05T00:00:00.000Z');
    expect(compileDateFormat("yyyy-MM-dd'T'HH:mm:ssXXX")('2024-03-11T09:15:00+01:00')).toBe('2024-03-11T08:15:00.000Z');
    expect(compileDateFormat('dd/MM/yyyy')('31/02/2024')).toBeNull();
    expect(compileDateFormat('dd/MM/yyyy')('2024-03-11')).toBeNull();
    expect(() => compileDateFormat('dd/MM')).toThrow('a date format needs yyyy, MM (or MMM) and dd');
    expect(() => compileDateFormat('yyyy-MM-ddTHH')).toThrow('unknown date pattern letter "T" at position 11');
  });
});

describe('lenient XML', () => {
  it('escapes bare & (in comments too, harmlessly) and turns HTML entities into character references, whatever the chunk boundaries', async () => {
    const text = '<a t="R&D">Recherche & D&eacute;v &amp; &#233;t&eacute; &unknown; &#x41;<![CDATA[a & b &eacute;]]><!-- & --></a>';
    const expected = '<a t="R&amp;D">Recherche &amp; D&#233;v &amp; &#233;t&#233; &amp;unknown; &#x41;<![CDATA[a & b &eacute;]]><!-- &amp; --></a>';
    for (let cut = 0; cut <= text.length; cut++) {
      for (const step of [1, 3]) {
        const pieces = [text.slice(0, cut), ...(text.slice(cut).match(new RegExp(`[\\s\\S]{1,${step}}`, 'g')) ?? [])];
        const c = counts();
        expect(await rewriteIn(pieces, c), `cut at ${cut}, step ${step}`).toBe(expected);
        expect(c).toStrictEqual({ bareAmpersands: 4, htmlEntities: 2, c1Repaired: 0 });
      }
    }
  });

  it('decodes entities in CDATA once, keeping the markup escapes', () => {
    const c = counts();
    expect(decodeCdataEntities('<p>Cr&eacute;ation &amp; &lt;b&gt; &#8364;</p>', c)).toBe('<p>Création &amp; &lt;b&gt; €</p>');
    expect(c.htmlEntities).toBe(2);
  });

  it('repairs C1 controls as windows-1252 and counts them', () => {
    const c = counts();
    expect(repairC1('2 M\u0080, l\u0092offre, \u0081', c)).toBe('2 M€, l’offre, \u0081');
    expect(c.c1Repaired).toBe(3);
  });
});
