import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseDate } from './dates';

const iso = (v: string | number): string => {
  const r = parseDate(v);
  if (!r?.ok) throw new Error(`not parsed: ${String(v)} (${r ? r.message : 'null'})`);
  return r.iso;
};

describe('parseDate', () => {
  it('reads ISO 8601 with a zone', () => {
    expect(iso('2026-01-05T10:30:00Z')).toBe('2026-01-05T10:30:00.000Z');
    expect(iso('2026-01-05T10:30:00+01:00')).toBe('2026-01-05T09:30:00.000Z');
    expect(iso('2026-01-05T10:30:00.123456-0230')).toBe('2026-01-05T13:00:00.123Z');
  });

  it('reads ISO 8601 without a zone as UTC', () => {
    expect(iso('2026-01-05')).toBe('2026-01-05T00:00:00.000Z');
    expect(iso('2026-01-05T10:30')).toBe('2026-01-05T10:30:00.000Z');
    expect(iso('2026-01-05 10:30:15')).toBe('2026-01-05T10:30:15.000Z');
  });

  it('reads RFC 2822', () => {
    expect(iso('Mon, 05 Jan 2026 10:00:00 +0100')).toBe('2026-01-05T09:00:00.000Z');
    expect(iso('5 Jan 2026 10:00:00 GMT')).toBe('2026-01-05T10:00:00.000Z');
    expect(iso('Tue, 6 January 2026 08:00 EST')).toBe('2026-01-06T13:00:00.000Z');
  });

  it('reads French dates as day first', () => {
    expect(iso('05/01/2026')).toBe('2026-01-05T00:00:00.000Z');
    expect(iso('5-1-2026')).toBe('2026-01-05T00:00:00.000Z');
    expect(iso('31.12.2025 à 14h30')).toBe('2025-12-31T14:30:00.000Z');
    expect(iso('1er février 2026')).toBe('2026-02-01T00:00:00.000Z');
    expect(iso('lundi 5 janvier 2026')).toBe('2026-01-05T00:00:00.000Z');
    expect(iso('15 août 2026')).toBe('2026-08-15T00:00:00.000Z');
  });

  it('reads epoch seconds and milliseconds, as numbers or strings', () => {
    expect(iso(1767571200)).toBe('2026-01-05T00:00:00.000Z');
    expect(iso(1767571200000)).toBe('2026-01-05T00:00:00.000Z');
    expect(iso('1767571200')).toBe('2026-01-05T00:00:00.000Z');
  });

  it('rejects impossible and unknown dates with a message', () => {
    expect(parseDate('31/02/2026')).toEqual({ ok: false, message: 'date out of range' });
    expect(parseDate('2026-13-01')).toEqual({ ok: false, message: 'date out of range' });
    expect(parseDate('next Tuesday')).toEqual({ ok: false, message: 'unrecognised date format "next Tuesday"' });
    expect(parseDate(-5)).toEqual({ ok: false, message: 'invalid epoch timestamp -5' });
  });

  it('returns null for absent or blank values', () => {
    expect(parseDate(null)).toBeNull();
    expect(parseDate(undefined)).toBeNull();
    expect(parseDate('   ')).toBeNull();
  });

  it('produces strings the Job schema accepts', () => {
    const schema = z.iso.datetime({ offset: false });
    for (const v of ['2026-01-05', 'Mon, 05 Jan 2026 10:00:00 +0100', '05/01/2026', 1767571200]) {
      expect(schema.safeParse(iso(v)).success).toBe(true);
    }
  });
});
