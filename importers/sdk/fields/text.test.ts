import { describe, expect, it } from 'vitest';
import { cleanLabel, cleanOptional, cleanText } from './text';

describe('text cleaning', () => {
  it('collapses whitespace, including non-breaking spaces', () => {
    expect(cleanText('  Chef\u00a0de   projet\n\tH/F ')).toBe('Chef de projet H/F');
  });

  it('turns blank into null', () => {
    expect(cleanOptional(' \n ')).toBeNull();
    expect(cleanOptional(42)).toBe('42');
    expect(cleanOptional(null)).toBeNull();
  });

  it('decodes entities and strips tags in labels, once', () => {
    expect(cleanLabel('R&amp;D &ndash; Ing&eacute;nieur <b>CDI</b>')).toBe('R&D – Ingénieur CDI');
    expect(cleanLabel('Tom &amp;amp; Jerry')).toBe('Tom &amp; Jerry');
    expect(cleanLabel('C++ < 3 ans')).toBe('C++ < 3 ans');
    expect(cleanLabel('<p> </p>')).toBeNull();
  });

  it('keeps a tag-like word that is no HTML element: a title is text', () => {
    // "&lt;Remote&gt;" as published, and as a feed's or a page's parser hands it over (already decoded).
    expect(cleanLabel('Développeur &lt;Remote&gt;')).toBe('Développeur <Remote>');
    expect(cleanLabel('Développeur <Remote>')).toBe('Développeur <Remote>');
    expect(cleanLabel('<Senior> Dev <b>CDI</b> &lt;b&gt;')).toBe('<Senior> Dev CDI <b>');
    expect(cleanLabel('CDI<br>Paris<p>H/F</p>')).toBe('CDI Paris H/F');
    expect(cleanLabel('Dev<script>alert(1)</script> <!-- x --><SPAN class="x">Lyon</SPAN>')).toBe('Dev Lyon');
    expect(cleanLabel('a &lt; b &amp;&amp; c')).toBe('a < b && c');
  });
});
