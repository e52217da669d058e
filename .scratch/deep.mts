import { load } from 'cheerio';
import { structureFingerprint } from '/work/wt/hostile/importers/sdk/kinds/fingerprint';
const n = 20000;
const html = '<html><body><ul><li class="job"><a href="/j/1">Job</a></li></ul>' + '<div>'.repeat(n) + 'x' + '</div>'.repeat(n) + '</body></html>';
const $ = load(html, { xml: { xmlMode: false, encodeEntities: 'utf8' } });
for (const [name, f] of [['fp', () => structureFingerprint($)], ['select', () => $('.job').length], ['text', () => $('body').text().length], ['select2', () => $('div .job, body .x').length]] as const) {
  try { console.log(name, f()); } catch (e) { console.log(name, 'FAIL', (e as Error).message); }
}
