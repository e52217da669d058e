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
      location: { city: 'Montréal', region: 'Québec', postalCode: 'H2X 1Y4', country: 'CA', remote: false },
      employmentType: 'full_time',
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
      location: { city: null, region: null, postalCode: null, country: 'FR', remote: false },
      employmentType: null,
      department: null,
      salary: null,
      applyUrl: null,
      postedAt: null,
      updatedAt: null,
    };
    expect(result).toEqual({ ok: true, job: { ...content, contentHash: sha256(canonicalJson(content)) } });
  });

  it('maps unknown employment wordings to other', () => {
    const result = normaliseJob({ externalId: '1', title: 'x', employmentType: 'VIE' });
    expect(result.ok && result.job.employmentType).toBe('other');
  });

  it('reports every problem with its field path', () => {
    const result = normaliseJob({
      externalId: '  ',
      title: null,
      location: { country: 'Narnia' },
      salary: { min: 50000, max: 40000, currency: 'EUR' },
      applyUrl: 'mailto:rh@example.fr',
      postedAt: '31/02/2026',
      updatedAt: 'hier',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'location.country', message: 'unknown country "Narnia"' },
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

  it('hashes a fixed job to the value it always had', () => {
    const result = normaliseJob({ externalId: 'A-1', title: 'Comptable', description: '<p>Poste à Lyon</p>', location: { city: 'Lyon', country: 'France' }, salary: { min: '32 000 €', max: '38 000 €' } });
    if (!result.ok) throw new Error('expected a valid job');
    expect(result.job.contentHash).toBe('62d94e855338a65a3646a7fb472ab6e02cf368b0e0d5095afd11b621384821c8');
  });
});
