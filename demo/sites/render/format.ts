import type { CountryCode, SiteJob, SiteSalary } from '../jobs';

/** Text formats shared by the site renderers, written the way French career sites print them. */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "Ingénieur(e) d'études" → "ingenieur-e-d-etudes". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const COUNTRY_NAMES: Record<CountryCode, string> = { FR: 'France', CA: 'Canada', CH: 'Suisse' };

/** Thousands grouped with a no-break space (U+00A0, also a Latin-1 character): "38 000". */
export function amount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
}

const SYMBOL: Record<SiteSalary['currency'], string> = { EUR: '€', CAD: '$\u00a0CA', CHF: 'CHF' };

/** "38 000 € – 45 000 € brut annuel", "1 200 € brut par mois". */
export function salaryText(s: SiteSalary): string {
  const sym = SYMBOL[s.currency];
  const range = s.min === s.max ? `${amount(s.min)}\u00a0${sym}` : `${amount(s.min)}\u00a0${sym} – ${amount(s.max)}\u00a0${sym}`;
  return `${range} brut ${s.period === 'year' ? 'annuel' : 'par mois'}`;
}

/** "2026-03-02" → "02/03/2026". */
export function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** The job's page on the client's own domain (apply links, Greenhouse `absolute_url`…). */
export function publicJobUrl(job: SiteJob, host: string): string {
  return `https://${host}/offres/${job.id}-${slugify(job.title)}`;
}
