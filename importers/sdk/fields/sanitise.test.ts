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
});
