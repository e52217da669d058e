import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { structureFingerprint } from './fingerprint';

const page = (items: string, layout = 'job-list', pager = '<a class="next" href="?p=2">›</a>'): string =>
  `<html><head><title>x</title><script>var t=${Math.random()}</script></head><body>` +
  `<header class="top"><nav class="menu"><a href="/">Accueil</a></nav></header>` +
  `<main><ul class="${layout}">${items}</ul><div class="pagination">${pager}</div></main>` +
  `<footer class="foot">©</footer></body></html>`;
const item = (id: number, title: string, desc: string): string =>
  `<li class="job job-${id}"><a class="title" href="/o/${id}">${title}</a><div class="desc">${desc}</div></li>`;
const fp = (html: string): string => structureFingerprint(load(html, { xml: { xmlMode: false } }));

describe('structureFingerprint', () => {
  it('is 16 hex characters and ignores job content, count and per-item classes', () => {
    const a = fp(page(item(1, 'Développeur', '<p>Texte</p>') + item(2, 'Comptable', '<ul><li>a</li></ul>')));
    const b = fp(page(item(7, 'Juriste', '<p><strong>Autre</strong> texte</p>')));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(b).toBe(a);
  });

  it('ignores the inside of pagination widgets and state classes', () => {
    const first = fp(page(item(1, 'x', 'y')));
    const last = fp(page(item(2, 'x', 'y'), 'job-list', '<a class="prev" href="?p=1">‹</a><span class="next next--off is-disabled">›</span>'));
    expect(last).toBe(first);
  });

  it('changes when the layout changes', () => {
    const base = fp(page(item(1, 'x', 'y')));
    expect(fp(page(item(1, 'x', 'y'), 'offers-grid'))).not.toBe(base);
    expect(fp(page(`<li class="offer"><a class="title" href="/o/1">x</a></li>`))).not.toBe(base);
  });
});
