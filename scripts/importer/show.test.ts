import { describe, expect, it } from 'vitest';
import { UsageError } from './errors';
import { findJob, formatJob, jobsNdjson } from './show';

const v2 = {
  externalId: 'P-7',
  title: 'Commercial terrain',
  description: '<p>Secteur&nbsp;Sud-Est</p><ul><li>Permis B</li></ul>',
  locations: [
    { city: 'Marseille', region: null, postalCode: '13001', country: 'FR', remote: false },
    { city: null, region: null, postalCode: null, country: 'FR', remote: true },
  ],
  contractType: 'fixed_term',
  workingTime: 'part_time',
  contractLabel: 'CDD 8 mois, temps partiel 24 h',
  department: null,
  salary: { min: 14, max: null, currency: 'EUR', period: null },
  applyUrl: null,
  postedAt: null,
  updatedAt: '2026-11-30T10:00:00.000Z',
  contentHash: 'f'.repeat(64),
};

describe('importer try --show', () => {
  it('prints every field in the v2 names, each location on its line, and the description as text then HTML', () => {
    expect(formatJob({ externalId: 'P-7', job: v2, sourceUrl: 'https://jobs.example.fr/p/7' }).split('\n')).toEqual([
      'externalId     P-7',
      'title          Commercial terrain',
      'locations      1. Marseille, 13001, FR',
      '               2. FR, remote',
      'contractType   fixed_term',
      'workingTime    part_time',
      'contractLabel  CDD 8 mois, temps partiel 24 h',
      'department     -',
      'salary         14–? EUR (no period given)',
      'salaryLabel    -',
      'applyUrl       -',
      'postedAt       -',
      'updatedAt      2026-11-30T10:00:00.000Z',
      `contentHash    ${'f'.repeat(64)}`,
      'sourceUrl      https://jobs.example.fr/p/7',
      '',
      'Description (text):',
      'Secteur Sud-Est',
      '',
      '• Permis B',
      '',
      'Description (HTML, as stored):',
      '<p>Secteur&nbsp;Sud-Est</p><ul><li>Permis B</li></ul>',
    ]);
  });

  it('finds the last record of a repeated id, says why an id has no valid job', () => {
    const records = [
      { externalId: 'A', job: { ...v2, title: 'first' }, sourceUrl: null },
      { externalId: 'A', job: { ...v2, title: 'last' }, sourceUrl: null },
    ];
    expect(findJob('A', records, []).job.title).toBe('last');
    expect(() => findJob('B', records, [{ seq: 3, externalId: 'B', errors: [{ field: 'title', message: 'title is missing or blank' }] }])).toThrow(
      new UsageError('--show B: this record is invalid, not applied: title: title is missing or blank'),
    );
    expect(() => findJob('C', records, [])).toThrow('--show C: no job with this external id among the 2 valid jobs (e.g. A)');
  });

  it('--json lines lead with the external id and hold the whole job', () => {
    const [line] = jobsNdjson([{ externalId: 'P-7', job: v2, sourceUrl: null }]);
    expect(line!.startsWith('{"externalId":"P-7","title":')).toBe(true);
    expect(JSON.parse(line!)).toEqual(v2);
  });
});
