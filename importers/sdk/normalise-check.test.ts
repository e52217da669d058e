import { describe, expect, it } from 'vitest';
import { type Job, jobSchema, locationSchema } from './job';
import { CHECKED_KEYS, certainlyValidJob } from './normalise-check';

const job: Job = {
  externalId: 'A-1',
  title: 'Comptable H/F',
  description: '<p>Poste</p>',
  locations: [{ city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postalCode: '69003', country: 'FR', remote: false }],
  contractType: 'permanent',
  workingTime: 'full_time',
  contractLabel: 'CDI',
  department: 'Finance',
  salary: { min: 32000, max: 38000, currency: 'EUR', period: 'year' },
  salaryLabel: 'Selon profil',
  applyUrl: 'https://carrieres.example.fr/offres/A-1?source=feed',
  postedAt: '2025-03-01T08:15:00.000Z',
  updatedAt: null,
  contentHash: 'a'.repeat(64),
};

/** The check's yes must be zod's yes with the same value back, keys in the same order. */
function agreesWithZod(candidate: Job): void {
  const parsed = jobSchema.safeParse(candidate);
  if (certainlyValidJob(candidate)) {
    expect(parsed.success).toBe(true);
    expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(candidate));
  }
}

describe('certainlyValidJob', () => {
  it('checks every key of the job schema and nothing else', () => {
    expect([...CHECKED_KEYS.job]).toEqual(Object.keys(jobSchema.shape));
    expect([...CHECKED_KEYS.location]).toEqual(Object.keys(locationSchema.shape));
    const salary = jobSchema.shape.salary.unwrap();
    expect([...CHECKED_KEYS.salary].sort()).toEqual(Object.keys((salary as unknown as { shape: object }).shape).sort());
  });

  it('says yes to valid jobs, which zod returns unchanged', () => {
    const { salaryLabel: _none, ...withoutLabel } = job;
    const valid: Job[] = [
      job,
      withoutLabel,
      { ...job, salary: null, applyUrl: null, postedAt: null, contractType: null, workingTime: null, contractLabel: null, department: null },
      { ...job, locations: [{ city: null, region: null, postalCode: null, country: null, remote: true }, ...job.locations] },
      { ...job, salary: { min: null, max: 12.5, currency: 'EUR', period: null } },
      { ...job, applyUrl: 'http://exemple.fr/' },
    ];
    for (const candidate of valid) {
      expect(certainlyValidJob(candidate)).toBe(true);
      agreesWithZod(candidate);
    }
  });

  it('is never sure of a job zod refuses or would change', () => {
    const doubtful: unknown[] = [
      { ...job, externalId: '' },
      { ...job, externalId: ' A-1' },
      { ...job, title: 'x'.repeat(513) },
      { ...job, contractLabel: 'CDI ' },
      { ...job, department: '' },
      { ...job, salaryLabel: 'x'.repeat(1025) },
      { ...job, salaryLabel: undefined },
      { ...job, locations: [] },
      { ...job, locations: [{ ...job.locations[0], country: 'fr' }] },
      { ...job, locations: [{ ...job.locations[0], city: '' }] },
      { ...job, locations: [{ ...job.locations[0], extra: 1 }] },
      { ...job, locations: [{ remote: false, city: 'Lyon', region: null, postalCode: null, country: null }] },
      { ...job, contractType: 'cdi' },
      { ...job, workingTime: 'half' },
      { ...job, salary: { min: 40000, max: 30000, currency: 'EUR', period: 'year' } },
      { ...job, salary: { min: -1, max: null, currency: 'EUR', period: null } },
      { ...job, salary: { min: Infinity, max: null, currency: 'EUR', period: null } },
      { ...job, salary: { min: 1, max: null, currency: '', period: null } },
      { ...job, salary: { min: 1, max: null, currency: 'EUR', period: 'decade' } },
      { ...job, applyUrl: 'javascript:alert(1)' },
      { ...job, applyUrl: 'https:/exemple.fr' },
      { ...job, applyUrl: ' https://exemple.fr/' },
      { ...job, applyUrl: 'https://exemple.fr/\ta' },
      { ...job, postedAt: '2025-02-29T00:00:00.000Z' },
      { ...job, postedAt: '2025-03-01T08:15:00+01:00' },
      { ...job, contentHash: 'A'.repeat(64) },
      { ...job, extra: true },
      Object.fromEntries(Object.entries(job).sort(([a], [b]) => (a === 'contentHash' ? -1 : b === 'contentHash' ? 1 : 0))),
    ];
    for (const candidate of doubtful) {
      expect(certainlyValidJob(candidate as Job), JSON.stringify(candidate)).toBe(false);
    }
  });
});
