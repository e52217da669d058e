import { describe, expect, it } from 'vitest';
import { parseAmount, toCurrency, toPeriod } from './salary';

const amount = (v: string | number): number => {
  const r = parseAmount(v);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('parseAmount', () => {
  it('reads French and English amounts', () => {
    expect(amount('35 000 €')).toBe(35000);
    expect(amount('35\u202f000\u00a0€')).toBe(35000);
    expect(amount('35k')).toBe(35000);
    expect(amount('45K€ brut annuel')).toBe(45000);
    expect(amount('35,5 k€')).toBe(35500);
    expect(amount('35.000')).toBe(35000);
    expect(amount('35,000')).toBe(35000);
    expect(amount('1.800,50 €')).toBe(1800.5);
    expect(amount('1,800.50')).toBe(1800.5);
    expect(amount('1 234 567')).toBe(1234567);
    expect(amount('12,50 € / heure')).toBe(12.5);
    expect(amount('À partir de 40000')).toBe(40000);
    expect(amount(52000)).toBe(52000);
  });

  it('rejects what holds no amount', () => {
    expect(parseAmount('selon profil')).toEqual({ ok: false, message: 'no amount in "selon profil"' });
    expect(parseAmount(-3)).toEqual({ ok: false, message: 'invalid amount -3' });
  });
});

describe('toCurrency', () => {
  it('takes a code as given, else reads a symbol', () => {
    expect(toCurrency('eur')).toBe('EUR');
    expect(toCurrency(null, '35 000 €')).toBe('EUR');
    expect(toCurrency('£40,000')).toBe('GBP');
    expect(toCurrency('90 000 CHF')).toBe('CHF');
    expect(toCurrency('$120k')).toBe('USD');
    expect(toCurrency('8000 DH')).toBe('MAD');
    expect(toCurrency(35000, 'selon profil')).toBeNull();
  });
});

describe('toPeriod', () => {
  it('maps English, French and schema.org units', () => {
    expect(toPeriod('YEAR')).toEqual({ ok: true, value: 'year' });
    expect(toPeriod('brut annuel')).toEqual({ ok: true, value: 'year' });
    expect(toPeriod('par mois')).toEqual({ ok: true, value: 'month' });
    expect(toPeriod('HOUR')).toEqual({ ok: true, value: 'hour' });
    expect(toPeriod('/ jour')).toEqual({ ok: true, value: 'day' });
    expect(toPeriod('per week')).toEqual({ ok: true, value: 'week' });
  });

  it('is null when absent and an error when unknown', () => {
    expect(toPeriod(undefined)).toBeNull();
    expect(toPeriod('fortnight')).toEqual({ ok: false, message: 'unknown salary period "fortnight"' });
  });
});
