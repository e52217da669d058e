/**
 * The longest gap between two fires of a 5-field cron (UTC), found by walking the next 8 days minute by minute
 * (≈ 11,500 steps: microseconds). The watchdog only needs "how often should this run", not a scheduler.
 * Supports `*`, numbers, ranges, lists and steps (`*\/15`, `1-5`, `0,30`, `8-18/2`); names (MON, JAN) are not used here.
 */
export function cronIntervalMs(expression: string, from: Date = new Date(Date.UTC(2026, 0, 5))): number {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`cron "${expression}": expected 5 fields (minute hour day month weekday)`);
  const [minute, hour, day, month, weekday] = [
    parseField(fields[0]!, 0, 59),
    parseField(fields[1]!, 0, 23),
    parseField(fields[2]!, 1, 31),
    parseField(fields[3]!, 1, 12),
    parseField(fields[4]!.replace(/\b7\b/g, '0'), 0, 6),
  ];
  const dayRestricted = fields[2] !== '*';
  const weekdayRestricted = fields[4] !== '*';
  const fires: number[] = [];
  const start = Math.floor(from.getTime() / 60_000) * 60_000;
  for (let t = start; t < start + 8 * 24 * 60 * 60_000; t += 60_000) {
    const d = new Date(t);
    if (!minute.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours()) || !month.has(d.getUTCMonth() + 1)) continue;
    const dayOk = day.has(d.getUTCDate());
    const weekdayOk = weekday.has(d.getUTCDay());
    // Cron's rule: when both day fields are restricted, either may match.
    const matches = dayRestricted && weekdayRestricted ? dayOk || weekdayOk : dayOk && weekdayOk;
    if (matches) fires.push(t);
  }
  if (fires.length < 2) return 31 * 24 * 60 * 60_000;
  let longest = 0;
  for (let i = 1; i < fires.length; i += 1) longest = Math.max(longest, fires[i]! - fires[i - 1]!);
  return longest;
}

function parseField(field: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let [lo, hi] = [min, max];
    if (range !== '*') {
      const [a, b] = range!.split('-').map(Number);
      lo = a!;
      hi = b ?? (stepText === undefined ? a! : max);
    }
    if (![lo, hi, step].every(Number.isInteger) || step < 1 || lo < min || hi > max) throw new Error(`cron field "${field}": expected numbers within ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}
