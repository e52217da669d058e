import { describe, expect, it } from 'vitest';
import { InvalidDocumentError, ItemTooLargeError } from '../errors';
import { mapXmlFields, parseXmlItems, TruncatedFeedError, type XmlElement, xmlAll, xmlValue } from './xml';

const SOURCE = 'https://flux.example.fr/offres.xml';

async function* chunksOf(text: string, size = 64): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function items(text: string, item = 'job', size?: number): Promise<XmlElement[]> {
  const out: XmlElement[] = [];
  for await (const el of parseXmlItems(chunksOf(text, size), { item, source: SOURCE })) out.push(el);
  return out;
}

describe('parseXmlItems', () => {
  it('maps nested paths, attributes, CDATA and prefixed names to RawJob fields', async () => {
    const feed = `<?xml version="1.0" encoding="UTF-8"?>
<annonces xmlns:x="urn:x">
  <x:job id="J-1" statut="publiée">
    <titre>Chef·fe de rang</titre>
    <texte><![CDATA[<p>Service midi &amp; soir</p>]]> et <b>week-ends</b></texte>
    <lieu><ville>Lyon 2e</ville><pays code="FR">France</pays></lieu>
    <lien href="https://emploi.example.fr/j/1"/>
  </x:job>
  <x:job id="J-2"><titre>  Plongeur  </titre><lieu><ville></ville></lieu></x:job>
</annonces>`;
    const parsed = await items(feed, 'job', 5);
    const fields = {
      externalId: '@id',
      title: 'titre',
      description: 'texte',
      'location.city': 'lieu/ville',
      'location.country': 'lieu/pays/@code',
      applyUrl: 'lien/@href',
    } as const;
    expect(parsed.map((el) => mapXmlFields(el, fields))).toStrictEqual([
      {
        externalId: 'J-1',
        title: 'Chef·fe de rang',
        description: '<p>Service midi &amp; soir</p> et week-ends',
        location: { city: 'Lyon 2e', country: 'FR' },
        applyUrl: 'https://emploi.example.fr/j/1',
      },
      { externalId: 'J-2', title: 'Plongeur', description: null, location: { city: null, country: null }, applyUrl: null },
    ]);
    expect(xmlValue(parsed[0]!, '@statut')).toBe('publiée');
    expect(xmlAll(parsed[0]!, 'lieu/pays').map((el) => [el.attributes, el.text])).toStrictEqual([[{ code: 'FR' }, 'France']]);
  });

  it('fails on a truncated feed with the URL and line, after yielding only the complete items', async () => {
    const feed = '<source>\n  <job><title>Un</title></job>\n  <job>\n    <title>Deux</tit';
    const seen: string[] = [];
    const run = async () => {
      for await (const el of parseXmlItems(chunksOf(feed, 8), { item: 'job', source: SOURCE })) seen.push(xmlValue(el, 'title') ?? '');
    };
    // Line 4 is "    <title>Deux</tit": the stream stops after its 20th character.
    await expect(run()).rejects.toThrow(
      `XML feed ${SOURCE} ended early at line 4, column 21, inside <source/job/title>: the listing is incomplete`,
    );
    await expect(run()).rejects.toBeInstanceOf(TruncatedFeedError);
    await expect(run()).rejects.toMatchObject({ type: 'TruncatedFeed', retryable: true, url: SOURCE, line: 4 });
    // Three runs, each handing out the one complete job before failing.
    expect(seen).toStrictEqual(['Un', 'Un', 'Un']);
  });

  it('fails when the stream stops inside a comment or before any root', async () => {
    await expect(items('<source><job/><!-- fin')).rejects.toBeInstanceOf(TruncatedFeedError);
    await expect(items('')).rejects.toThrow(`Malformed XML feed: ${SOURCE}:1:0: document must contain a root element.`);
  });

  it('refuses entity declarations (billion laughs, external entities) and never expands an entity', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><lolz><job>&lol2;</job></lolz>`;
    const xxe = '<!DOCTYPE source [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><source><job>&xxe;</job></source>';
    for (const doc of [lol, xxe]) {
      const failing = items(doc);
      await expect(failing).rejects.toBeInstanceOf(InvalidDocumentError);
      await expect(failing).rejects.toThrow(`XML feed ${SOURCE} declares entities in its DOCTYPE (refused: no DTD processing)`);
    }
    // No declaration: an entity neither XML nor HTML knows is an error, not text, and not a lookup.
    await expect(items('<source><job>&notanentity;</job></source>')).rejects.toThrow(`Malformed XML feed: ${SOURCE}:1:26: undefined entity.`);
    // A legacy HTML prefix ("&not") is no licence for what follows it.
    await expect(items('<source><job>&notit;</job></source>')).rejects.toThrow('undefined entity.');
  });

  it('decodes the HTML named entities real feeds carry outside CDATA, counting them, and leaves CDATA alone', async () => {
    const seen: string[] = [];
    const doc =
      '<source><job id="caf&eacute;"><title>R&eacute;ceptionniste&nbsp;H/F</title><salary>2&#160;000&nbsp;&euro;</salary>' +
      '<description><![CDATA[<p>d&eacute;j&agrave; &amp;</p>]]></description></job></source>';
    const parsed: XmlElement[] = [];
    for await (const el of parseXmlItems(chunksOf(doc, 7), { item: 'job', source: SOURCE, onHtmlEntity: (name) => seen.push(name) })) parsed.push(el);
    const [job] = parsed;
    expect(job!.attributes).toStrictEqual({ id: 'café' });
    expect(job!.children.map((c) => c.text)).toStrictEqual(['Réceptionniste\u00a0H/F', '2\u00a0000\u00a0€', '<p>d&eacute;j&agrave; &amp;</p>']);
    expect(seen).toStrictEqual(['eacute', 'eacute', 'nbsp', 'nbsp', 'euro']);
    // Opting out restores the strict XML reading.
    const strict = async () => {
      for await (const _ of parseXmlItems(chunksOf('<source><job>&eacute;</job></source>'), { item: 'job', source: SOURCE, htmlEntities: false })) break;
    };
    await expect(strict()).rejects.toThrow('undefined entity.');
  });

  it('accepts a DOCTYPE without declarations and the five XML entities', async () => {
    const parsed = await items('<!DOCTYPE source><source><job>&lt;b&gt; &amp; &quot;x&quot; &apos;y&apos;</job></source>');
    expect(parsed.map((el) => el.text)).toStrictEqual(['<b> & "x" \'y\'']);
  });

  it('refuses an item larger than the limit instead of buffering it', async () => {
    const big = `<source><job><description>${'é'.repeat(2_000)}</description></job></source>`;
    const run = async () => {
      for await (const _ of parseXmlItems(chunksOf(big), { item: 'job', source: SOURCE, maxItemChars: 1_000 })) break;
    };
    await expect(run()).rejects.toThrow(`XML item <job> larger than 1000 characters at ${SOURCE} line 1`);
  });

  describe('bounds what the parser buffers while it streams', () => {
    const MB = 1024 * 1024;
    /** `head`, then `fill` repeated in 1 MB chunks up to `totalMb`, then `tail`; counts what was read before failing. */
    function hostile(head: string, fill: string, totalMb: number, tail: string) {
      const read = { chars: 0 };
      const block = fill.repeat(Math.max(1, Math.floor(MB / fill.length)));
      async function* chunks(): AsyncGenerator<string> {
        read.chars += head.length;
        yield head;
        for (let i = 0; i < totalMb; i++) {
          read.chars += block.length;
          yield block;
        }
        yield tail;
      }
      return { read, chunks };
    }
    const limit = 2 * MB;
    const drain = async (chunks: AsyncIterable<string>) => {
      for await (const _ of parseXmlItems(chunks, { item: 'job', source: SOURCE, maxItemChars: limit })) void _;
    };

    it.each([
      ['a 300 MB title', '<source><job><title>', 'x', '</title></job></source>', `XML item <job> larger than ${limit} characters`],
      ['a 300 MB CDATA description', '<source><job><description><![CDATA[', 'y', ']]></description></job></source>', `XML item <job> larger than ${limit}`],
      ['a 300 MB attribute value', '<source><job id="', 'z', '"/></source>', `XML node (text, CDATA, comment, attribute or name) larger than ${limit}`],
      ['a 300 MB comment between items', '<source><job/><!--', 'c', '--></source>', `XML node (text, CDATA, comment, attribute or name) larger than ${limit}`],
      ['300 MB of text between items', '<source><job/>', 't', '</source>', `XML node (text, CDATA, comment, attribute or name) larger than ${limit}`],
      ['a 300 MB comment before the root', '<?xml version="1.0"?><!--', 'p', '--><source/>', 'has no root element in its first'],
      ['a 300 MB element name', '<source><', 'n', '/></source>', 'larger than'],
      ['a 300 MB processing instruction', '<source><?', 'i', '?></source>', 'larger than'],
    ])('%s fails at the limit, not at the end of the node', async (_name, head, fill, tail, message) => {
      const { read, chunks } = hostile(head, fill, 300, tail);
      const failing = drain(chunks());
      await expect(failing).rejects.toBeInstanceOf(ItemTooLargeError);
      await expect(failing).rejects.toThrow(message);
      await expect(failing).rejects.toMatchObject({ type: 'ItemTooLarge', retryable: false, limit });
      // Read up to the limit plus the chunk that crossed it: never the 300 MB.
      expect(read.chars).toBeLessThanOrEqual(limit + 2 * MB);
    });

    it('refuses nesting deeper than maxDepth (saxes keeps every open element)', async () => {
      const { read, chunks } = hostile('<source>', '<a>', 50, '');
      const failing = drain(chunks());
      await expect(failing).rejects.toThrow('XML elements nested deeper than 256 levels');
      expect(read.chars).toBeLessThanOrEqual(MB + 8);
    });

    it('many small items and comments stream through', async () => {
      const { chunks } = hostile('<source>', '<job><title>t</title></job><!-- c -->', 8, '</source>');
      let count = 0;
      for await (const _ of parseXmlItems(chunks(), { item: 'job', source: SOURCE, maxItemChars: 1_000 })) count += 1;
      expect(count).toBeGreaterThan(200_000);
    });
  });

  it('streams a 20 000-job feed, handing out items long before the end of the stream', async () => {
    const total = 20_000;
    let produced = 0;
    // About 4 MB of XML generated piece by piece: never one string in memory.
    async function* feed(): AsyncGenerator<string> {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n<source>\n';
      for (let i = 1; i <= total; i++) {
        produced = i;
        yield `<job><referencenumber>R-${i}</referencenumber><title><![CDATA[Préparateur·rice de commandes n°${i}]]></title>` +
          `<description><![CDATA[<p>Entrepôt de Saint-Priest, équipe de ${i % 7} à 14 h.</p>]]></description><city>Saint-Priest</city></job>\n`;
      }
      yield '</source>\n';
    }
    let count = 0;
    let producedAtFirst = 0;
    let last: XmlElement | undefined;
    for await (const el of parseXmlItems(feed(), { item: 'job', source: SOURCE })) {
      if (count === 0) producedAtFirst = produced;
      count += 1;
      last = el;
    }
    expect(count).toBe(total);
    expect(producedAtFirst).toBe(1);
    expect(last && mapXmlFields(last, { externalId: 'referencenumber', title: 'title', 'location.city': 'city' })).toStrictEqual({
      externalId: 'R-20000',
      title: 'Préparateur·rice de commandes n°20000',
      location: { city: 'Saint-Priest' },
    });
  });
});
