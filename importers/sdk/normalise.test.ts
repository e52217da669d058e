import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawJob } from './definition';
import { canonicalJson, contentHash, jobJson, normaliseJob } from './normalise';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const full: RawJob = {
  externalId: 1042,
  title: '  Ing&eacute;nieur d&#39;&eacute;tudes &ndash; <b>H/F</b> ',
  description: '<p onclick="x()">Poste à <strong>Montréal</strong></p><script>alert(1)</script><a href="/apply/1042">Postuler</a>',
  location: { city: ' Montréal ', region: 'Québec', postalCode: 'H2X 1Y4', country: 'Canada', remote: false },
  employmentType: 'CDI',
  department: 'R&amp;D',
  salary: { min: '35 000 €', max: '45k', currency: null, period: 'brut annuel' },
  applyUrl: '/apply/1042?src=site',
  postedAt: '05/01/2026',
  updatedAt: 'Mon, 12 Jan 2026 09:30:00 +0100',
};

describe('normaliseJob', () => {
  it('normalises every field of a full record', () => {
    const result = normaliseJob(full, { baseUrl: 'https://carrieres.example.fr/offres/1042' });
    const expected = {
      externalId: '1042',
      title: "Ingénieur d'études – H/F",
      description: '<p>Poste à <strong>Montréal</strong></p><a href="https://carrieres.example.fr/apply/1042">Postuler</a>',
      locations: [{ city: 'Montréal', region: 'Québec', postalCode: 'H2X 1Y4', country: 'CA', remote: false }],
      contractType: 'permanent',
      workingTime: null,
      contractLabel: 'CDI',
      department: 'R&D',
      salary: { min: 35000, max: 45000, currency: 'EUR', period: 'year' },
      applyUrl: 'https://carrieres.example.fr/apply/1042?src=site',
      postedAt: '2026-01-05T00:00:00.000Z',
      updatedAt: '2026-01-12T08:30:00.000Z',
    } as const;
    expect(result).toEqual({ ok: true, job: { ...expected, contentHash: sha256(canonicalJson(expected)) } });
  });

  it('fills absent optional fields with null and uses the default country', () => {
    const result = normaliseJob({ externalId: 'a-1', title: 'Stage' }, { defaultCountry: 'France' });
    const content = {
      externalId: 'a-1',
      title: 'Stage',
      description: '',
      locations: [{ city: null, region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: null,
      workingTime: null,
      contractLabel: null,
      department: null,
      salary: null,
      applyUrl: null,
      postedAt: null,
      updatedAt: null,
    };
    expect(result).toEqual({ ok: true, job: { ...content, contentHash: sha256(canonicalJson(content)) } });
  });

  it('maps unknown contract wordings to other, keeping the words', () => {
    const result = normaliseJob({ externalId: '1', title: 'x', contractType: 'VIE' });
    expect(result.ok && [result.job.contractType, result.job.workingTime, result.job.contractLabel]).toEqual(['other', null, 'VIE']);
  });

  it('reads contract and working time apart, keeps the source words as the label, and still reads employmentType', () => {
    const pick = (raw: RawJob) => {
      const result = normaliseJob({ externalId: '1', title: 'x', ...raw });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return [result.job.contractType, result.job.workingTime, result.job.contractLabel];
    };
    expect(pick({ contractType: 'CDD 8 mois', workingTime: 'Temps partiel 24 h' })).toEqual(['fixed_term', 'part_time', 'CDD 8 mois, Temps partiel 24 h']);
    expect(pick({ contractType: ['FULL_TIME', 'CONTRACTOR'] })).toEqual(['freelance', 'full_time', 'FULL_TIME, CONTRACTOR']);
    expect(pick({ contractType: 'permanent', workingTime: 'full-time', contractLabel: 'CDI  temps plein' })).toEqual(['permanent', 'full_time', 'CDI temps plein']);
    expect(pick({ employmentType: 'CDD' })).toEqual(['fixed_term', null, 'CDD']);
    expect(pick({ contractType: '  ' })).toEqual([null, null, null]);
  });

  it('keeps every place in order, drops repeats and empty places, and lets remote stand alone', () => {
    const result = normaliseJob(
      {
        externalId: '1',
        title: 'x',
        location: { city: 'Lyon' },
        locations: [{ city: ' Lyon ' }, {}, { city: 'Chicago, IL', country: 'US', remote: true }, { country: 'France', remote: true }],
      },
      { defaultCountry: 'FR' },
    );
    expect(result.ok && result.job.locations).toEqual([
      { city: 'Lyon', region: null, postalCode: null, country: 'FR', remote: false },
      { city: 'Chicago, IL', region: null, postalCode: null, country: 'US', remote: true },
      { city: null, region: null, postalCode: null, country: 'FR', remote: true },
    ]);
  });

  it('leaves the salary period null when the source gives none', () => {
    const result = normaliseJob({ externalId: '1', title: 'x', salary: { min: '1 800 €' } });
    expect(result.ok && result.job.salary).toEqual({ min: 1800, max: null, currency: 'EUR', period: null });
  });

  it('reports every problem with its field path', () => {
    const result = normaliseJob({
      externalId: '  ',
      title: null,
      locations: [{ city: 'Paris' }, { country: 'Narnia' }],
      salary: { min: 50000, max: 40000, currency: 'EUR' },
      applyUrl: 'mailto:rh@example.fr',
      postedAt: '31/02/2026',
      updatedAt: 'hier',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'locations.1.country', message: 'unknown country "Narnia"' },
        { field: 'applyUrl', message: 'apply URL must be http(s), got "mailto:rh@example.fr"' },
        { field: 'postedAt', message: 'date out of range' },
        { field: 'updatedAt', message: 'unrecognised date format "hier"' },
        { field: 'externalId', message: 'externalId is missing or blank' },
        { field: 'title', message: 'title is missing or blank' },
        { field: 'salary', message: 'salary min is above max' },
      ],
    });
  });

  it('says an oversize title is too long, not missing', () => {
    const result = normaliseJob({ externalId: 'big-1', title: 'x'.repeat(1024 * 1024) });
    expect(result).toEqual({ ok: false, errors: [{ field: 'title', message: 'title longer than 512 characters' }] });
  });

  it('reports a relative apply URL without a base, and a salary without currency', () => {
    const result = normaliseJob({ externalId: '1', title: 'x', applyUrl: '/apply', salary: { min: 30000 } });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'salary.currency', message: 'salary has no currency code or symbol' },
        { field: 'applyUrl', message: 'relative or invalid URL "/apply" and no baseUrl to resolve it' },
      ],
    });
  });

  it('treats a salary without amounts as no salary', () => {
    const result = normaliseJob({ externalId: '1', title: 'x', salary: { min: '', currency: 'EUR', period: 'year' } });
    expect(result.ok && result.job.salary).toBeNull();
  });

  it("keeps the source's words about pay as text, and leaves the key out when there are none", () => {
    const base = { externalId: '1', title: 'x', salary: { min: '2000', currency: 'EUR' } };
    const withWords = normaliseJob({ ...base, salaryLabel: '<p>Selon profil &amp; <b>primes</b></p>' });
    const without = normaliseJob({ ...base, salaryLabel: '  ' });
    if (!withWords.ok || !without.ok) throw new Error('expected valid jobs');
    expect(withWords.job.salaryLabel).toBe('Selon profil & primes');
    expect('salaryLabel' in without.job).toBe(false);
    expect(without.job.contentHash).toBe(normaliseJob(base).ok ? contentHash(without.job) : '');
    expect(withWords.job.contentHash).toBe(contentHash(withWords.job));
    expect(withWords.job.contentHash).not.toBe(without.job.contentHash);
  });

  it("resolves relative links against the record's own page when it gives one", () => {
    const raw = { externalId: '1', title: 'x', description: '<a href="apply">Postuler</a>', applyUrl: '#form', baseUrl: 'https://jobs.example/offres/1/' };
    const result = normaliseJob(raw, { baseUrl: 'https://api.example/v1/jobs?page=2' });
    if (!result.ok) throw new Error('expected a valid job');
    expect([result.job.description, result.job.applyUrl]).toStrictEqual(['<a href="https://jobs.example/offres/1/apply">Postuler</a>', 'https://jobs.example/offres/1/#form']);
  });
});

describe('contentHash', () => {
  it('ignores key order and the existing hash, and changes with content', () => {
    const a = normaliseJob({ externalId: '1', title: 'Développeur' });
    const b = normaliseJob({ title: 'Développeur', externalId: 1 });
    const c = normaliseJob({ externalId: '1', title: 'Développeuse' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid jobs');
    expect(a.job.contentHash).toBe(b.job.contentHash);
    expect(contentHash(a.job)).toBe(a.job.contentHash);
    expect(c.job.contentHash).not.toBe(a.job.contentHash);
  });

  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[2,{"y":null,"z":1}]},"b":1}');
  });

  // Stored hashes depend on this exact text: any change would report every job of every import as updated.
  it('orders keys by UTF-16 code units, leaves undefined members out and escapes keys', () => {
    expect(canonicalJson({ é: 1, a: 2, Z: 3, '': 4, 'q"k': undefined, 'k"q': [undefined, null] })).toBe('{"":4,"Z":3,"a":2,"k\\"q":[null,null],"é":1}');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson({ only: undefined })).toBe('{}');
  });

  it('gives the staging the JSON of the job it returned, and serialises any other job', () => {
    const result = normaliseJob({ externalId: 'A-2', title: 'Ingénieure "qualité"', description: 'Ligne 1\\nLigne 2', salary: { min: '40k€' } });
    if (!result.ok) throw new Error('expected a valid job');
    expect(JSON.parse(jobJson(result.job))).toEqual(result.job);
    const copy = { ...result.job, title: 'Autre' };
    expect(JSON.parse(jobJson(copy))).toEqual(copy);
  });

  // The value since the job model v2 (locations[], contract and working time); migration 0017 rehashed stored jobs.
  it('hashes a fixed job to the value it always had', () => {
    const result = normaliseJob({ externalId: 'A-1', title: 'Comptable', description: '<p>Poste à Lyon</p>', location: { city: 'Lyon', country: 'France' }, salary: { min: '32 000 €', max: '38 000 €' } });
    if (!result.ok) throw new Error('expected a valid job');
    expect(result.job.contentHash).toBe('311d8d085ff673a1ff51ff1f82a0a468ca3fa3fe6dcd420f0da06f6e258f5bda');
  });
});
