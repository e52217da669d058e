import { describe, expect, it } from 'vitest';
import { changedFields, descriptionText, jobView } from './job-view';

const v1 = {
  externalId: 'J1',
  title: 'Boulanger',
  description: '<p>Pains &amp; viennoiseries</p>',
  location: { city: 'Lyon', region: null, postalCode: '69001', country: 'FR', remote: false },
  employmentType: 'contract',
  department: null,
  salary: { min: 1800, max: 2100, currency: 'EUR', period: 'month' },
  applyUrl: 'https://jobs.example.fr/1',
  postedAt: '2026-01-02T00:00:00.000Z',
  updatedAt: null,
  contentHash: 'x',
};

describe('jobView', () => {
  it('reads a v1 job: one location becomes a list of one, employmentType becomes contract type and working time', () => {
    expect(jobView(v1)).toEqual({
      title: 'Boulanger',
      description: '<p>Pains &amp; viennoiseries</p>',
      locations: [{ city: 'Lyon', region: null, postalCode: '69001', country: 'FR', remote: false }],
      contractType: 'fixed_term',
      workingTime: null,
      contractLabel: null,
      department: null,
      salary: { min: 1800, max: 2100, currency: 'EUR', period: 'month' },
      salaryLabel: null,
      applyUrl: 'https://jobs.example.fr/1',
      postedAt: '2026-01-02T00:00:00.000Z',
      sourceUpdatedAt: null,
    });
    expect([jobView({ ...v1, employmentType: 'full_time' }), jobView({ ...v1, employmentType: 'temporary' }), jobView({ ...v1, employmentType: null })].map((v) => [v.contractType, v.workingTime])).toEqual([
      [null, 'full_time'],
      ['temporary_agency', null],
      [null, null],
    ]);
  });

  it('reads a v2 job as is: every location, both contract fields, the label, a salary without period', () => {
    const { location: _l, employmentType: _e, ...rest } = v1;
    const v2 = {
      ...rest,
      locations: [
        { city: 'Lyon', region: null, postalCode: null, country: 'FR', remote: false },
        { city: null, region: null, postalCode: null, country: 'FR', remote: true },
      ],
      contractType: 'fixed_term',
      workingTime: 'part_time',
      contractLabel: 'CDD 8 mois',
      salary: { min: 12, max: null, currency: 'EUR', period: null },
    };
    const view = jobView(v2);
    expect(view.locations).toEqual(v2.locations);
    expect([view.contractType, view.workingTime, view.contractLabel, view.salary]).toEqual(['fixed_term', 'part_time', 'CDD 8 mois', { min: 12, max: null, currency: 'EUR', period: null }]);
    // A v2 job without a contract type does not fall back to a stray v1 field.
    expect(jobView({ ...v2, contractType: null, employmentType: 'contract' }).contractType).toBeNull();
  });

  it('reads junk as nulls rather than throwing', () => {
    expect(jobView({ locations: [null, 'Paris', { city: 3, remote: 'yes' }], salary: 'beaucoup', title: '' })).toMatchObject({
      title: null,
      locations: [{ city: null, region: null, postalCode: null, country: null, remote: false }],
      salary: null,
    });
  });

  it('names the fields a change touched, across shapes', () => {
    const { location, employmentType: _e, ...rest } = v1;
    expect(changedFields(v1, { ...rest, locations: [location], contractType: 'fixed_term', title: 'Boulanger H/F' })).toEqual(['title']);
  });
});

describe('descriptionText', () => {
  it('keeps blocks, list items and line breaks as lines, decodes entities once', () => {
    expect(descriptionText('<p>Vous&nbsp;aimez le pain&nbsp;?</p><ul><li>CDI</li><li>35 h</li></ul><p>A<br>B &amp;lt; C &lt; D</p>')).toBe('Vous aimez le pain ?\n\n• CDI\n• 35 h\nA\nB &lt; C < D');
  });
});
