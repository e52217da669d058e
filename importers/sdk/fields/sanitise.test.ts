import { describe, expect, it } from 'vitest';
import { sanitiseHtml } from './sanitise';

describe('sanitiseHtml', () => {
  it('keeps allowed formatting and accents as characters', () => {
    expect(sanitiseHtml('<p>Poste basé à <strong>Montréal</strong>, <em>coût</em> réduit</p>')).toBe(
      '<p>Poste basé à <strong>Montréal</strong>, <em>coût</em> réduit</p>',
    );
    expect(sanitiseHtml('<h2>Missions</h2>\n<ul>\n  <li>Analyser</li>\n  <li>Concevoir</li>\n</ul>')).toBe(
      '<h2>Missions</h2><ul><li>Analyser</li><li>Concevoir</li></ul>',
    );
  });

  it('drops scripts, styles, iframes and event handlers with their content', () => {
    const dirty =
      '<p onclick="steal()" style="color:red" class="x">Texte</p><script>alert(1)</script><style>p{}</style>' +
      '<iframe src="https://evil.test"></iframe><img src=x onerror="alert(1)"><form><input name="q"></form>';
    expect(sanitiseHtml(dirty)).toBe('<p>Texte</p>');
  });

  it('keeps only http(s) and mailto links, resolved against the base URL', () => {
    expect(
      sanitiseHtml(
        '<p><a href="javascript:alert(1)">x</a> <a href="/postuler?id=1" target="_blank">postuler</a> ' +
          '<a href="mailto:rh@example.fr">rh</a> <a href=" JaVaScRiPt:alert(1)">y</a></p>',
        'https://careers.example.fr/offres/1',
      ),
    ).toBe('<p>x <a href="https://careers.example.fr/postuler?id=1">postuler</a> <a href="mailto:rh@example.fr">rh</a> y</p>');
  });

  it('unwraps unknown wrappers, turning blocks into paragraphs', () => {
    expect(sanitiseHtml('<div class="a"><span style="x">Bloc <font>un</font></span></div><div>deux</div>')).toBe(
      '<p>Bloc un</p><p>deux</p>',
    );
    expect(sanitiseHtml('<div><p>a</p><p>b</p></div>')).toBe('<p>a</p><p>b</p>');
    expect(sanitiseHtml('<h1>Titre</h1><h6>Petit</h6>')).toBe('<h2>Titre</h2><h4>Petit</h4>');
  });

  it('removes empty paragraphs, comments and stray breaks', () => {
    expect(sanitiseHtml('<p>&nbsp;</p><!-- x --><p><br>Texte<br></p><p> </p><b></b>')).toBe('<p>Texte</p>');
  });

  it('escapes text that looks like markup after entity decoding', () => {
    expect(sanitiseHtml('<p>a &lt;script&gt; b &amp; c</p>')).toBe('<p>a &lt;script&gt; b &amp; c</p>');
  });

  it('turns plain text into paragraphs and line breaks', () => {
    expect(sanitiseHtml('Première ligne\nSuite\n\n  Caf&eacute; & co  ')).toBe(
      '<p>Première ligne<br>Suite</p><p>Café &amp; co</p>',
    );
  });

  it('composes decomposed accents', () => {
    expect(sanitiseHtml('<p>Inge\u0301nieur</p>')).toBe('<p>Ingénieur</p>');
  });

  // The cases below pin the output of the cheerio-based version this one replaced (the same strings, byte for byte).
  it('escapes plain text without entities without parsing it, comparison signs included', () => {
    expect(sanitiseHtml('Salaire > 30 k€ < 40 k€\nsuite')).toBe('<p>Salaire &gt; 30 k€ &lt; 40 k€<br>suite</p>');
    expect(sanitiseHtml('x &lt; y <3 &amp co')).toBe('<p>x &lt; y &lt;3 &amp; co</p>');
  });

  it('tidies until nothing changes: nested empty elements, breaks and whitespace between blocks', () => {
    expect(sanitiseHtml('<div>\n  <p> <b> </b> </p>\n</div>\n<p>Texte <em></em> <br> </p>\n<ul>\n <li><br></li>\n</ul>')).toBe('<p>Texte</p><ul></ul>');
  });

  it('leaves clean HTML as it is', () => {
    const clean =
      '<p>Au sein de notre agence, vous rejoignez une équipe.</p><h3>Vos missions</h3><ul><li>Accueillir</li>' +
      '<li>Assurer le suivi</li></ul><p>Référence A-1.</p>';
    expect(sanitiseHtml(clean)).toBe(clean);
  });

  it('lower-cases tags and turns table cells into paragraphs', () => {
    expect(sanitiseHtml('<P>Un<BR>deux</P><Table><tr><td>cellule</td><td><p>bloc</p></td></tr></Table>')).toBe(
      '<p>Un<br>deux</p><p>cellule</p><p>bloc</p>',
    );
    expect(sanitiseHtml('<p>a <a href="/x">lien</a> <a href="ftp://x">ftp</a></p>', 'https://ex.test/dir/page')).toBe(
      '<p>a <a href="https://ex.test/x">lien</a> ftp</p>',
    );
  });

  it('composes to NFC beyond accents, in markup and in plain text', () => {
    expect(sanitiseHtml('<p>\u212B, Cafe\u0301</p>')).toBe('<p>\u00C5, Café</p>');
    expect(sanitiseHtml('Cafe\u0301 \u212B')).toBe('<p>Café \u00C5</p>');
  });
});
