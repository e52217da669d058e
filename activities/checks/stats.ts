/** The middle value; with an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid]!;
  return sorted.length % 2 === 1 ? upper : (sorted[mid - 1]! + upper) / 2;
}

/**
 * Rounded to 4 decimals. Ratios are compared with their limits after rounding, so the figure an alert shows is
 * the one that decided, and 0.8 - 0.3 (0.5000000000000001) is not "above 0.5".
 */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** part / whole, 0 when there is no whole. */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
