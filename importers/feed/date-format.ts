import { PathSyntaxError } from './path';

/**
 * Dates in a feed's own pattern (`yyyy/MM/dd`, `dd/MM/yyyy HH:mm`, Java's `EEE MMM dd HH:mm:ss zzz yyyy`), compiled
 * once to a regex. Tokens: yyyy, MM, M, dd, d, HH, H, mm, ss, SSS, EEE (day name, ignored), MMM/MMMM (English or
 * French month name), zzz (zone name) and Z/XXX (offset); letters in quotes and any other character are literal.
 * A time without a zone is read as UTC, as the SDK's date normalisation does.
 */

type Part = 'y' | 'M' | 'MMM' | 'd' | 'H' | 'm' | 's' | 'S' | 'zone';

const TOKENS: [string, string, Part | null][] = [
  ['yyyy', '(\\d{4})', 'y'],
  ['MMMM', '([A-Za-zéûÉÛ.]+)', 'MMM'],
  ['MMM', '([A-Za-zéûÉÛ.]+)', 'MMM'],
  ['MM', '(\\d{2})', 'M'],
  ['M', '(\\d{1,2})', 'M'],
  ['dd', '(\\d{2})', 'd'],
  ['d', '(\\d{1,2})', 'd'],
  ['HH', '(\\d{2})', 'H'],
  ['H', '(\\d{1,2})', 'H'],
  ['mm', '(\\d{2})', 'm'],
  ['ss', '(\\d{2})', 's'],
  ['SSS', '(\\d{3})', 'S'],
  ['EEEE', '[A-Za-zéÉ]+\\.?', null],
  ['EEE', '[A-Za-zéÉ]+\\.?', null],
  ['zzz', '([A-Za-z]{1,5}|[+-]\\d{2}:?\\d{2})', 'zone'],
  ['XXX', '(Z|[+-]\\d{2}:?\\d{2})', 'zone'],
  ['Z', '(Z|[+-]\\d{2}:?\\d{2})', 'zone'],
];

const MONTHS: Record<string, number> = {};
['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].forEach((m, i) => (MONTHS[m] = i + 1));
['janv', 'févr', 'mars', 'avr', 'mai', 'juin', 'juil', 'août', 'sept', 'oct', 'nov', 'déc'].forEach((m, i) => (MONTHS[m] ??= i + 1));
const LONG_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

function monthNumber(name: string): number | null {
  const n = name.toLowerCase().replace(/\.$/, '');
  const long = LONG_FR.indexOf(n);
  if (long !== -1) return long + 1;
  return MONTHS[n] ?? MONTHS[n.slice(0, 3)] ?? MONTHS[n.slice(0, 4)] ?? null;
}

/** Zone names seen in Java `Date.toString()` output, in minutes east of UTC. */
const ZONES: Record<string, number> = { UTC: 0, UT: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

function offsetMinutes(zone: string): number | null {
  const named = ZONES[zone.toUpperCase()];
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m === null) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

export type DateReader = (value: string) => string | null;

/** Compiles `format`; throws PathSyntaxError (with the position) on a pattern with no date in it. */
export function compileDateFormat(format: string): DateReader {
  let source = '';
  const parts: Part[] = [];
  let i = 0;
  while (i < format.length) {
    if (format[i] === "'") {
      const end = format.indexOf("'", i + 1);
      if (end === -1) throw new PathSyntaxError(format, i + 1, 'unclosed quote in date format');
      source += escape(format.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token !== undefined) {
      source += token[1];
      if (token[2] !== null) parts.push(token[2]);
      i += token[0].length;
      continue;
    }
    if (/[A-Za-z]/.test(format[i]!)) throw new PathSyntaxError(format, i + 1, `unknown date pattern letter "${format[i]}"`);
    source += format[i] === ' ' ? '\\s+' : escape(format[i]!);
    i += 1;
  }
  if (!parts.includes('y') || !(parts.includes('M') || parts.includes('MMM')) || !parts.includes('d')) {
    throw new PathSyntaxError(format, 1, 'a date format needs yyyy, MM (or MMM) and dd');
  }
  const regex = new RegExp(`^\\s*${source}\\s*$`, 'i');
  return (value) => {
    const m = regex.exec(value);
    if (m === null) return null;
    const v: Partial<Record<Part, string>> = {};
    parts.forEach((p, k) => (v[p] = m[k + 1]));
    const month = v.M !== undefined ? Number(v.M) : monthNumber(v.MMM ?? '');
    const zone = v.zone === undefined ? 0 : offsetMinutes(v.zone);
    if (month === null || zone === null) return null;
    const [y, d, h, mi, s, ms] = [v.y, v.d, v.H, v.m, v.s, v.S].map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
    if (month < 1 || month > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
    const t = Date.UTC(y, month - 1, d, h, mi, s, ms);
    const check = new Date(t);
    if (check.getUTCDate() !== d) return null;
    return new Date(t - zone * 60_000).toISOString();
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
