/**
 * A stored job's places and contract as the client's job pages say them, in French: one vocabulary for the client
 * preview and the ops dashboard. Reads the job JSON as stored (`jobs.data`), so it stays usable on any row.
 * A CDD is "CDD" and intérim "Intérim", never one for the other; the working time is said apart ("CDI · Temps
 * partiel"); the source's own words follow when they say more ("CDD · Temps partiel (CDD 8 mois, Temps partiel 24 h)").
 */

export const CONTRACT_TYPE_LABELS: Readonly<Record<string, string>> = {
  permanent: 'CDI',
  fixed_term: 'CDD',
  temporary_agency: 'Intérim',
  internship: 'Stage',
  apprenticeship: 'Alternance',
  freelance: 'Freelance',
  volunteer: 'Bénévolat',
  other: 'Autre contrat',
};

export const WORKING_TIME_LABELS: Readonly<Record<string, string>> = {
  full_time: 'Temps plein',
  part_time: 'Temps partiel',
};

type JobData = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** "CDD · Temps partiel", the source's words in parentheses when they are not just that; "Contrat non précisé" if none. */
export function contractText(data: JobData): string {
  const type = text(data.contractType);
  const time = text(data.workingTime);
  const label = text(data.contractLabel);
  const said = [
    type === null || (type === 'other' && label !== null) ? null : (CONTRACT_TYPE_LABELS[type] ?? type),
    time === null ? null : (WORKING_TIME_LABELS[time] ?? time),
  ].filter((s): s is string => s !== null);
  if (said.length === 0) return label ?? 'Contrat non précisé';
  const main = said.join(' · ');
  return label === null || fold(label) === fold(said.join(' ')) ? main : `${main} (${label})`;
}

interface Place {
  city?: unknown;
  region?: unknown;
  postalCode?: unknown;
  country?: unknown;
  remote?: unknown;
}

/** One place: "Lyon, Auvergne-Rhône-Alpes, FR", "FR, Télétravail", "Chicago, IL, US, Télétravail". */
export function placeText(place: Place): string {
  const parts = [place.city, place.region, place.country].map(text).filter((p): p is string => p !== null);
  if (place.remote === true) parts.push('Télétravail');
  return parts.join(', ');
}

/** Every place of the job, " / " between them; "Lieu non précisé" when none says anything. */
export function locationsText(data: JobData): string {
  const places = Array.isArray(data.locations) ? (data.locations as Place[]) : [];
  const said = [...new Set(places.map(placeText).filter((p) => p !== ''))];
  return said.join(' / ') || 'Lieu non précisé';
}
