import { describe, expect, it } from 'vitest';
import { cronIntervalMs } from './cron';

const MIN = 60_000;

describe('cronIntervalMs', () => {
  it('gives the longest gap between fires', () => {
    expect(cronIntervalMs('*/5 * * * *')).toBe(5 * MIN);
    expect(cronIntervalMs('0 5 * * *')).toBe(24 * 60 * MIN);
    expect(cronIntervalMs('0 6,18 * * *')).toBe(12 * 60 * MIN);
    // Weekdays only: Friday 6:00 → Monday 6:00.
    expect(cronIntervalMs('0 6 * * 1-5')).toBe(3 * 24 * 60 * MIN);
  });

  it('refuses what it cannot read, saying which field', () => {
    expect(() => cronIntervalMs('0 5 * *')).toThrow(/expected 5 fields/);
    expect(() => cronIntervalMs('0 25 * * *')).toThrow(/cron field "25"/);
  });
});
