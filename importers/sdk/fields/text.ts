import { load } from 'cheerio';

/** Trims, collapses every whitespace run (including non-breaking spaces) and composes accents (NFC). */
export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** `null` when absent or blank after cleaning. */
export function cleanOptional(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = cleanText(String(value));
  return text === '' ? null : text;
}

/**
 * A title or label that may carry HTML entities or stray tags ("R&amp;D &ndash; <b>CDI</b>") as plain text.
 * Entities are decoded once: a double-encoded "&amp;amp;" is what the site shows, so it stays "&amp;".
 */
export function cleanLabel(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const raw = String(value);
  if (!/[&<]/.test(raw)) return cleanOptional(raw);
  return cleanOptional(load(raw, { xml: { xmlMode: false } }, false).root().text());
}
