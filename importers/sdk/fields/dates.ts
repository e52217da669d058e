/**
 * Source dates to ISO 8601 UTC. Formats accepted: ISO 8601 with or without zone, RFC 2822, French numeric
 * `dd/mm/yyyy` (also `-` or `.`, optional `hh:mm`), French long dates ("5 janvier 2026"), epoch seconds or
 * milliseconds. A date without a zone is read as UTC: careers sites rarely say which zone they mean, and one fixed
 * rule keeps runs comparable. Date.parse is never used on its own, because it reads zone-less times in the
 * server's local zone.
 */

export type DateResult = { ok: true; iso: string } | { ok: false; message: string };

const MONTHS_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS_FR = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
];
/** RFC 2822 obsolete zone names, in minutes east of UTC. */
const RFC_ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

// Epoch values below this are seconds (1e11 s is the year 5138; 1e11 ms is 1973).
const SECONDS_LIMIT = 1e11;

/** Builds the instant, rejecting impossible dates (31/02) that Date.UTC would silently roll over. */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMinutes = 0): DateResult {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return { ok: false, message: 'date out of range' };
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  const check = new Date(t);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return { ok: false, message: 'date out of range' };
  return fromEpochMs(t - offsetMinutes * 60_000);
}

function fromEpochMs(ms: number): DateResult {
  const date = new Date(ms);
  // Years outside 0000-9999 serialise as +/-YYYYYY, which ISO validators reject.
  if (!Number.isFinite(ms) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) {
    return { ok: false, message: 'date out of range' };
  }
  return { ok: true, iso: date.toISOString() };
}

function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const named = RFC_ZONES[zone.toUpperCase()];
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC2822 =
  /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s+([+-]\d{4}|[a-z]{1,3}))?$/i;
const FR_NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/i;
const FR_LONG = /^(?:[a-zé]+\.?\s+)?(\d{1,2})(?:er)?\s+([a-zéû]+)\.?\s+(\d{4})$/i;

function withoutAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

function parseString(input: string): DateResult | null {
  const s = input.trim().replace(/\s+/g, ' ');
  if (/^\d{9,13}$/.test(s)) return parseEpoch(Number(s));

  let m = ISO.exec(s);
  if (m) {
    const offset = zoneOffset(m[8]);
    if (offset === null) return null;
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    return utc(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms, offset);
  }
  m = RFC2822.exec(s);
  if (m) {
    const month = MONTHS_EN.indexOf(m[2]!.toLowerCase()) + 1;
    const offset = zoneOffset(m[7]);
    if (month === 0 || offset === null) return null;
    // RFC 2822 two-digit years: 00-49 are 2000-2049.
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) - (Number(m[3]) >= 50 ? 100 : 0) : Number(m[3]);
    return utc(year, month, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, offset);
  }
  m = FR_NUMERIC.exec(s);
  if (m) return utc(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  m = FR_LONG.exec(s);
  if (m) {
    const month = MONTHS_FR.indexOf(withoutAccents(m[2]!.toLowerCase())) + 1;
    return month === 0 ? null : utc(+m[3]!, month, +m[1]!);
  }
  return null;
}

function parseEpoch(n: number): DateResult {
  if (!Number.isFinite(n) || n < 0) return { ok: false, message: `invalid epoch timestamp ${n}` };
  return fromEpochMs(n < SECONDS_LIMIT ? n * 1000 : n);
}

/** `null` for an absent or blank value; otherwise the ISO UTC string or why it could not be read. */
export function parseDate(value: string | number | null | undefined): DateResult | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return parseEpoch(value);
  if (value.trim() === '') return null;
  return parseString(value) ?? { ok: false, message: `unrecognised date format "${value.trim()}"` };
}
