import type { Salary } from '../job';

/**
 * Salary amounts as sources write them ("35 000 €", "35k", "1.800,50", "45K€ brut") to numbers, with the currency
 * read from a symbol when the source gives no code, and the period from English, French or schema.org unitText.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const CURRENCY_SYMBOLS: [RegExp, string][] = [
  [/€|\beur(os?)?\b/i, 'EUR'],
  [/£|\bgbp\b/i, 'GBP'],
  [/\bchf\b|\bfr\.\s*$/i, 'CHF'],
  [/\bcad\b|\$\s*ca\b|\bca\$/i, 'CAD'],
  [/\bmad\b|\bdh\b|\bdirhams?\b/i, 'MAD'],
  [/\btnd\b|\bdt\b/i, 'TND'],
  [/\bxof\b|\bfcfa\b|\bcfa\b/i, 'XOF'],
  [/\$|\busd\b/i, 'USD'],
];

const PERIODS: Record<string, Salary['period']> = {
  hour: 'hour', hourly: 'hour', heure: 'hour', horaire: 'hour', h: 'hour',
  day: 'day', daily: 'day', jour: 'day', journalier: 'day', tjm: 'day',
  week: 'week', weekly: 'week', semaine: 'week', hebdomadaire: 'week',
  month: 'month', monthly: 'month', mois: 'month', mensuel: 'month', mensuelle: 'month',
  year: 'year', yearly: 'year', annual: 'year', annum: 'year', an: 'year', annee: 'year', annuel: 'year', annuelle: 'year',
};

/** "35 000 €" → 35000, "35k" → 35000, "1.800,50" → 1800.5, "35,5 k€" → 35500. */
export function parseAmount(value: number | string): Parsed<number> {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? { ok: true, value } : { ok: false, message: `invalid amount ${value}` };
  }
  const m = /(\d[\d\s.,'\u00a0\u202f]*)\s*(k)?/i.exec(value);
  if (!m) return { ok: false, message: `no amount in "${value.trim()}"` };
  let digits = m[1]!.replace(/[\s'\u00a0\u202f]/g, '').replace(/[.,]$/, '');
  const lastDot = digits.lastIndexOf('.');
  const lastComma = digits.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: the last one is the decimal separator ("1.800,50" or "1,800.50").
    const decimal = lastDot > lastComma ? '.' : ',';
    digits = digits.replaceAll(decimal === '.' ? ',' : '.', '').replace(decimal, '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = digits.split(sep);
    // One separator followed by exactly three digits is a thousands separator ("35.000"); otherwise decimal ("35,5").
    const thousands = parts.length > 2 || parts[parts.length - 1]!.length === 3;
    digits = thousands ? parts.join('') : parts.join('.');
  }
  const n = Number(digits) * (m[2] ? 1000 : 1);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `invalid amount "${value.trim()}"` };
}

/** An ISO 4217 code from a code or a symbol found in any of the given texts, or null. */
export function toCurrency(...texts: (string | number | null | undefined)[]): string | null {
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const code = text.trim().toUpperCase();
    if (/^[A-Z]{3}$/.test(code)) return code;
    for (const [pattern, currency] of CURRENCY_SYMBOLS) if (pattern.test(text)) return currency;
  }
  return null;
}

/** Null when absent; an error when given but unknown. */
export function toPeriod(value: string | null | undefined): Parsed<Salary['period']> | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const words = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  for (const w of words) {
    const period = PERIODS[w];
    if (period) return { ok: true, value: period };
  }
  return { ok: false, message: `unknown salary period "${value.trim()}"` };
}
