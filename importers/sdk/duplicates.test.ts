import { describe, expect, it } from 'vitest';
import { differingFields, mergeLocations, resolveDuplicates } from './duplicates';
import type { Job } from './job';
import { normaliseJob } from './normalise';
import type { RawJob } from './definition';

function job(raw: Partial<RawJob> = {}): Job {
  const result = normaliseJob({ externalId: 'J1', title: 'Comptable', description: '<p>Tenue des comptes</p>', location: { city: 'Lyon', country: 'FR' }, ...raw });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.job;
}

describe('resolveDuplicates', () => {
  it('takes records repeated byte for byte as one job', () => {
    const first = job();
    const resolution = resolveDuplicates(Array.from({ length: 15 }, () => job()));
    expect(resolution).toStrictEqual({ kind: 'identical', job: first, conflict: null });
  });

  it('takes records differing only in location as one job, merged by mergeLocations, the first location first', () => {
    const lyon = job();
    const paris = job({ location: { city: 'Paris', country: 'FR' } });
    const resolution = resolveDuplicates([lyon, paris, lyon]);
    expect(resolution.kind).toBe('locations');
    expect(resolution.conflict).toBeNull();
    expect({ ...resolution.job, contentHash: null }).toStrictEqual({ ...mergeLocations(lyon, paris), contentHash: null });
    expect(resolution.job.locations.map((l) => l.city)).toStrictEqual(['Lyon', 'Paris']);
    expect(resolution.job.contentHash).not.toBe(lyon.contentHash);
  });

  it('reports anything else as a conflict with both versions and the fields that differ', () => {
    const first = job();
    const other = job({ title: 'Contrôleur de gestion', location: { city: 'Paris', country: 'FR' } });
    const resolution = resolveDuplicates([first, job(), other]);
    expect(resolution).toStrictEqual({ kind: 'conflict', job: first, conflict: { versions: [first, other], fields: ['locations', 'title'] } });
    expect(differingFields(first, job({ salary: { min: 40000, currency: 'EUR', period: 'year' } }))).toStrictEqual(['salary']);
  });
});
