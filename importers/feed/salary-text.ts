import type { RawJob } from '../sdk/definition';
import { toPeriod } from '../sdk/fields/salary';

// Amounts: digits with thousands separators (space, nbsp, dot, comma) and an optional "k" ("35k€").
const AMOUNT = /\d[\d\s\u00a0\u202f.,]*(?:k(?![a-z]))?/gi;

/** Texts remembered at most, and the longest remembered (longer ones are read every time). */
const MEMO_SIZE = 1_000;
const MEMO_CHARS = 200;
const memo = new Map<string, RawJob['salary']>();

/**
 * A free-text salary (`salaryText`; Indeed's `<salary>`): "23 000 € - 26 000 € brut annuel", "12,50 € de l'heure",
 * "selon profil". The first two amounts make a range (one amount: a fixed salary); the whole text is handed on as
 * currency and period so normalisation reads symbols and words from it. A period it would not recognise is left
 * out rather than failing the job, and text with no amount is no salary. A range whose "k" is written once, after
 * the second amount ("35 - 40 k€"), applies it to both.
 */
export function parseSalaryText(text: string | null): RawJob['salary'] {
  if (text === null) return null;
  // A feed repeats a few pay texts across thousands of jobs: each is read once (a copy handed out, never shared).
  if (text.length > MEMO_CHARS) return readSalaryText(text);
  let read = memo.get(text);
  if (read === undefined) {
    read = readSalaryText(text);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(text, read);
  }
  return read === null ? null : { ...read };
}

function readSalaryText(text: string): RawJob['salary'] {
  const amounts = (text.match(AMOUNT) ?? []).map((a) => a.trim().replace(/[.,]$/, '')).filter((a) => a !== '');
  const [first, second] = amounts;
  if (first === undefined) return null;
  const period = toPeriod(text);
  const thousands = second !== undefined && /k$/i.test(second) && /^\d{1,3}(?:[.,]\d+)?$/.test(first);
  return { min: thousands ? `${first}k` : first, max: second ?? first, currency: text, period: period?.ok ? period.value : null };
}
