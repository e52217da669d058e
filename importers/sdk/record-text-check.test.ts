import { describe, expect, it } from 'vitest';
import { normaliseJob } from './normalise';
import type { Job } from './job';
import { RecordTextScan, recordMojibake } from './record-text-check';

const job = (raw: Parameters<typeof normaliseJob>[0]): Job => {
  const result = normaliseJob(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.job;
};

describe('record-level mojibake', () => {
  it('names the first field of a record whose stored text holds mojibake or U+FFFD', () => {
    expect(recordMojibake(job({ externalId: 'A', title: 'Réceptionniste', description: '<p>Été</p>' }))).toBeNull();
    expect(recordMojibake(job({ externalId: 'B', title: 'RÃ©ceptionniste' }))).toStrictEqual({ externalId: 'B', field: 'title', example: 'RÃ©ceptionniste' });
    expect(recordMojibake(job({ externalId: 'C', title: 'Chef', locations: [{ city: 'Lyon' }, { city: 'N\ufffdmes' }] }))).toStrictEqual({ externalId: 'C', field: 'locations.1.city', example: 'N\ufffdmes' });
    expect(recordMojibake(job({ externalId: 'D', title: 'Chef', salaryLabel: 'Primes â€“ tickets' }))?.field).toBe('salaryLabel');
  });

  it('makes one unrepaired note for the run, counting the records and naming the first ones', () => {
    const scan = new RecordTextScan();
    scan.add(job({ externalId: 'ok', title: 'Cuisinier' }), 'https://a.example/feed');
    expect(scan.note()).toBeNull();
    scan.add(job({ externalId: 'J-2', title: 'Chef', department: 'Cuisine Ã©quipe' }), 'https://a.example/feed');
    scan.add(job({ externalId: 'J-3', title: 'R\ufffdception' }), 'https://a.example/feed?page=2');
    expect(scan.note()).toStrictEqual({
      kind: 'record_mojibake',
      url: 'https://a.example/feed',
      count: 2,
      repaired: false,
      message: '2 records hold mojibake or U+FFFD in their fields, e.g. "J-2" department: "Cuisine Ã©quipe"; "J-3" title: "R\ufffdception"',
      records: [
        { externalId: 'J-2', field: 'department', url: 'https://a.example/feed' },
        { externalId: 'J-3', field: 'title', url: 'https://a.example/feed?page=2' },
      ],
    });
  });
});
