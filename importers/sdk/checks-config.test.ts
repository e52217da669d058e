import { describe, expect, it } from 'vitest';
import { ChecksConfigError, defaultChecksConfig, parseChecksConfig } from './checks-config';

const DEFAULTS = {
  minimumCount: { severity: 'fail', min: 1, allowEmpty: false },
  countDrop: { severity: 'fail', maxDropRatio: 0.5, window: 10, minHistory: 3 },
  fieldCoverage: { severity: 'fail', minimums: {}, maxDrop: 0.5, minHistory: 1 },
  invalidRatio: { severity: 'fail', max: 0.1 },
  duplicates: { severity: 'fail', max: 0, policy: 'quarantine' },
  selectors: { severity: 'fail', ignore: [] },
  structure: { severity: 'warn' },
  encoding: { severity: 'fail' },
  expectedCount: { severity: 'fail', tolerance: 0 },
  httpErrors: { severity: 'fail', maxRatio: 0 },
};

function errorOf(input: unknown): ChecksConfigError {
  try {
    parseChecksConfig(input);
  } catch (e) {
    if (e instanceof ChecksConfigError) return e;
    throw e;
  }
  throw new Error('expected a ChecksConfigError');
}

describe('checks configuration', () => {
  it('gives the full defaults for {} and for a NULL column', () => {
    expect(parseChecksConfig({})).toStrictEqual(DEFAULTS);
    expect(parseChecksConfig(null)).toStrictEqual(DEFAULTS);
    expect(defaultChecksConfig()).toStrictEqual(DEFAULTS);
  });

  it('takes the duplicates policy alone as a string', () => {
    expect(parseChecksConfig({ duplicates: 'first' }).duplicates).toStrictEqual({ severity: 'fail', max: 0, policy: 'first' });
    expect(parseChecksConfig({ duplicates: { policy: 'first', severity: 'warn' } }).duplicates).toStrictEqual({ severity: 'warn', max: 0, policy: 'first' });
    expect(errorOf({ duplicates: 'last' }).issues[0]).toMatchObject({ path: 'checks.duplicates.policy' });
  });

  it('fills the keys an override leaves out', () => {
    const config = parseChecksConfig({ countDrop: { maxDropRatio: 0.3 }, fieldCoverage: { minimums: { 'locations.city': 0.8 } } });
    expect(config.countDrop).toStrictEqual({ severity: 'fail', maxDropRatio: 0.3, window: 10, minHistory: 3 });
    expect(config.fieldCoverage).toStrictEqual({ severity: 'fail', minimums: { 'locations.city': 0.8 }, maxDrop: 0.5, minHistory: 1 });
    expect(config.minimumCount).toStrictEqual(DEFAULTS.minimumCount);
  });

  it('reads a stored override naming former field paths as their current names', () => {
    const config = parseChecksConfig({ fieldCoverage: { minimums: { 'location.city': 0.8, employmentType: 0.5, 'locations.country': 1 } } });
    expect(config.fieldCoverage.minimums).toStrictEqual({ 'locations.country': 1, 'locations.city': 0.8, contractLabel: 0.5 });
  });

  it('lists every invalid path: unknown keys, wrong types, out of range', () => {
    const error = errorOf({
      countDrop: { maxDropRatio: 2 },
      minimumCount: { min: 'five' },
      structure: { severity: 'loud' },
      duplicates: { max: 1, limit: 3 },
      bogus: true,
    });
    expect(error.type).toBe('ChecksConfigInvalid');
    expect(error.retryable).toBe(false);
    expect(error.issues).toStrictEqual([
      { path: 'checks.minimumCount.min', message: 'Invalid input: expected number, received string' },
      { path: 'checks.countDrop.maxDropRatio', message: 'Too big: expected number to be <=1' },
      { path: 'checks.duplicates', message: 'Unrecognized key: "limit"' },
      { path: 'checks.structure.severity', message: 'Invalid option: expected one of "fail"|"warn"|"off"' },
      { path: 'checks', message: 'Unrecognized key: "bogus"' },
    ]);
    expect(error.message).toContain('Invalid checks configuration: checks.minimumCount.min: Invalid input: expected number, received string; ');
    expect(error.message).toContain('checks.countDrop.maxDropRatio: Too big: expected number to be <=1');
  });

  it('refuses coverage minimums on fields a Job does not have, or above 100 %', () => {
    expect(errorOf({ fieldCoverage: { minimums: { 'locaton.city': 0.5, title: 1.5 } } }).issues).toStrictEqual([
      { path: 'checks.fieldCoverage.minimums.locaton.city', message: 'not a Job field path (e.g. title, department, locations.city)' },
      { path: 'checks.fieldCoverage.minimums.title', message: 'Too big: expected number to be <=1' },
    ]);
  });

  it('refuses a history requirement the window can never meet', () => {
    expect(errorOf({ countDrop: { window: 2 } }).issues).toStrictEqual([
      { path: 'checks.countDrop.minHistory', message: 'must not exceed window (the check would always skip)' },
    ]);
    expect(errorOf({ countDrop: { window: 3 }, fieldCoverage: { minHistory: 4 } }).issues).toStrictEqual([
      { path: 'checks.fieldCoverage.minHistory', message: 'must not exceed countDrop.window (the history holds no more runs)' },
    ]);
  });

  it('refuses a non-object', () => {
    expect(() => parseChecksConfig('strict')).toThrow('Invalid checks configuration: checks: Invalid input: expected object, received string');
  });
});
