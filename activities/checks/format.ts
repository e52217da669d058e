/** Wording shared by the check messages: one sentence with the figures, for an on-call developer. */

/** 0.913 → "91 %"; a non-zero share that rounds to 0 reads "<1 %" so it does not look like "0 %, limit 0 %". */
export function percent(ratio: number): string {
  const rounded = Math.round(ratio * 100);
  if (rounded === 0 && ratio > 0) return '<1 %';
  return `${rounded} %`;
}

/** A change: -0.914 → "−91 %", 0.07 → "+7 %" (a real minus sign, as in the alerts). */
export function signedPercent(ratio: number): string {
  const rounded = Math.round(ratio * 100);
  if (rounded > 0) return `+${rounded} %`;
  if (rounded < 0) return `−${-rounded} %`;
  return '0 %';
}

/** An absolute difference of shares, in percentage points: 0.5 → "50 points". */
export function points(delta: number): string {
  return `${Math.round(delta * 100)} points`;
}

/** 1 → "1 job", 3 → "3 jobs". */
export function count(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}

/** The first `limit` items, comma separated, with "…" when some were left out. */
export function firstOf<T>(items: readonly T[], limit: number, describe: (item: T) => string): string {
  return items.slice(0, limit).map(describe).join(', ') + (items.length > limit ? '…' : '');
}
