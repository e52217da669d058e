import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { ExtractObserver } from '../definition';
import { normaliseJob } from '../normalise';
import { describeSpec, evaluateField, fieldMapSchema, toRawJob, type EvalTarget } from './fields';

function target(html: string, seen: Parameters<ExtractObserver['selector']>[0][] = []): EvalTarget {
  const $ = load(html, { xml: { xmlMode: false, encodeEntities: 'utf8' } });
  return { $, scope: $.root(), url: 'https://x.fr/offres', observe: { page: () => undefined, progress: () => undefined, selector: (s) => seen.push(s) } };
}

describe('evaluateField', () => {
  const html = '<div class="job"><a href="/o/42-dev?x=1" data-id="42">  Dév\n senior </a><span class="tag">CDI</span><span class="tag">Lyon</span><div class="d"><p>Très <b>bien</b></p></div></div>';

  it('reads text, attributes with the @ shorthand, inner HTML and all matches', () => {
    const t = target(html);
    expect(evaluateField('title', 'a', t)).toBe('Dév senior');
    expect(evaluateField('applyUrl', 'a@href', t)).toBe('/o/42-dev?x=1');
    expect(evaluateField('externalId', { selector: 'a', attr: 'href', regex: '/o/(\\d+)' }, t)).toBe('42');
    expect(evaluateField('description', { selector: '.d', html: true }, t)).toBe('<p>Très <b>bien</b></p>');
    expect(evaluateField('department', { selector: '.tag', all: true }, t)).toBe('CDI Lyon');
    expect(evaluateField('country', { value: 'France' }, t)).toBe('France');
    expect(evaluateField('title', { selector: '.missing' }, t)).toBeNull();
    expect(evaluateField('externalId', { selector: 'a', regex: 'REF-(\\d+)' }, t)).toBeNull();
  });

  it('reports each selector with its match count', () => {
    const seen: Parameters<ExtractObserver['selector']>[0][] = [];
    const t = target(html, seen);
    evaluateField('department', '.tag', t);
    evaluateField('title', '.nothing', t);
    evaluateField('country', { value: 'FR' }, t);
    expect(seen).toEqual([
      { field: 'department', selector: '.tag', url: 'https://x.fr/offres', matched: 2 },
      { field: 'title', selector: '.nothing', url: 'https://x.fr/offres', matched: 0 },
    ]);
  });

  it('keeps an @ inside an attribute selector', () => {
    expect(describeSpec('a[href^="mailto:rh@x.fr"]')).toBe('a[href^="mailto:rh@x.fr"]');
    expect(describeSpec('a[href*="@"]@href')).toBe('a[href*="@"]@href');
    expect(describeSpec('a.next', 'href')).toBe('a.next@href');
  });
});

describe('toRawJob', () => {
  it('nests flat values, resolves the apply URL and reads remote badges', () => {
    expect(toRawJob({ externalId: '1', title: 'T', city: 'Lyon', remote: 'Télétravail', salaryMin: '35k', salaryCurrency: 'EUR', applyUrl: '/postuler/1' }, 'https://x.fr/offres/1')).toEqual({
      externalId: '1',
      title: 'T',
      description: null,
      location: { city: 'Lyon', region: null, postalCode: null, country: null, remote: true },
      employmentType: null,
      department: null,
      salary: { min: '35k', max: null, currency: 'EUR', period: null },
      applyUrl: 'https://x.fr/postuler/1',
      postedAt: null,
      updatedAt: null,
    });
    expect(toRawJob({ remote: 'Non' }, 'https://x.fr/').location?.remote).toBe(false);
    expect(toRawJob({ title: 'x' }, 'https://x.fr/').location).toBeNull();
  });

  it('fills the contract fields when mapped, and still reads a stored map naming employmentType', () => {
    const mapped = toRawJob({ externalId: '1', title: 'T', contractType: 'CDD 8 mois', workingTime: 'Temps partiel 24 h' }, 'https://x.fr/');
    expect(mapped).toMatchObject({ contractType: 'CDD 8 mois', workingTime: 'Temps partiel 24 h', employmentType: null });
    expect(mapped).not.toHaveProperty('contractLabel');
    const stored = fieldMapSchema.parse({ title: 'h1', employmentType: '.contrat' });
    expect(Object.keys(stored)).toEqual(['title', 'employmentType']);
    const former = normaliseJob(toRawJob({ externalId: '1', title: 'T', employmentType: 'CDI' }, 'https://x.fr/'));
    expect(former.ok && [former.job.contractType, former.job.workingTime, former.job.contractLabel]).toEqual(['permanent', null, 'CDI']);
  });
});
