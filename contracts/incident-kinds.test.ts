import { describe, expect, it } from 'vitest';
import { kindOfChecks, kindOfFailure } from './incident-kinds';

describe('incident kinds', () => {
  it('maps a failed run by its failure type', () => {
    expect(kindOfFailure('LayoutChanged')).toBe('site_changed');
    expect(kindOfFailure('HttpStatus')).toBe('fetch_failed');
    expect(kindOfFailure('FetchTimeout')).toBe('fetch_failed');
    expect(kindOfFailure('InvalidDocument')).toBe('invalid_data');
    expect(kindOfFailure('Error')).toBe('fetch_failed');
  });

  it('maps an item too large to the source’s data, a stranded run, lost staged records or a lost worker to the platform', () => {
    expect(kindOfFailure('ItemTooLarge')).toBe('invalid_data');
    expect(kindOfFailure('RunStranded')).toBe('platform_failed');
    expect(kindOfFailure('StagedRecordsLost')).toBe('platform_failed');
    // The worker heartbeats while its compartment works: a heartbeat timeout means the worker is gone.
    expect(kindOfFailure('ActivityTimeout')).toBe('platform_failed');
    expect(kindOfFailure('ImporterTimeout')).toBe('fetch_failed');
  });

  it('maps a quarantined run by its most telling failing check', () => {
    expect(kindOfChecks(['field_coverage', 'selectors'])).toBe('site_changed');
    expect(kindOfChecks(['count_drop'])).toBe('volume_drop');
    expect(kindOfChecks(['minimum_count', 'structure'])).toBe('site_changed');
    expect(kindOfChecks(['duplicates'])).toBe('invalid_data');
    expect(kindOfChecks(['http_errors', 'count_drop'])).toBe('fetch_failed');
  });
});
