import type { ContractType, WorkingTime } from '../job';

/**
 * Source wordings to the two things a job ad says about employment, kept apart: the contract (CDI, CDD, intérim,
 * stage, alternance...) and the working time (temps plein / partiel). One wording may say both ("CDI à temps
 * partiel", Recruitee's "parttime_fixed_term"), either ("Full-time" says nothing of the contract) or neither.
 * French, English and schema.org values (FULL_TIME, CONTRACTOR...) and our own values are understood.
 */

export interface ContractReading {
  /** Null when no wording names a contract; `other` when a wording says something we cannot place. */
  contractType: ContractType | null;
  workingTime: WorkingTime | null;
}

/**
 * Checked in order, the first keyword found decides: the more specific contracts first, so an "Alternance en CDD"
 * is an apprenticeship and a "Freelance contract" freelance. Whole words, or a prefix when ending in `*`.
 * A CDD is `fixed_term`, never `temporary_agency` (intérim, an agency's contract); the bare English "contract"
 * comes last (a fixed-duration engagement), after "permanent" so a "Permanent contract" stays permanent.
 */
const CONTRACT_KEYWORDS: [string, ContractType][] = [
  ['alternan*', 'apprenticeship'],
  ['apprenti*', 'apprenticeship'],
  ['professionnalisation', 'apprenticeship'],
  ['contrat pro', 'apprenticeship'],
  ['work study', 'apprenticeship'],
  ['stage', 'internship'],
  ['stages', 'internship'],
  ['stagiaire', 'internship'],
  ['intern', 'internship'],
  ['interns', 'internship'],
  ['internship', 'internship'],
  ['traineeship', 'internship'],
  ['benevol*', 'volunteer'],
  ['volunteer*', 'volunteer'],
  ['volontariat', 'volunteer'],
  ['service civique', 'volunteer'],
  ['freelance*', 'freelance'],
  ['independant*', 'freelance'],
  ['portage salarial', 'freelance'],
  ['contractor', 'freelance'],
  ['auto entrepreneur', 'freelance'],
  ['self employed', 'freelance'],
  ['interim*', 'temporary_agency'],
  ['travail temporaire', 'temporary_agency'],
  ['temporary agency', 'temporary_agency'],
  ['temp agency', 'temporary_agency'],
  ['cdd', 'fixed_term'],
  ['fixed term', 'fixed_term'],
  ['duree determinee', 'fixed_term'],
  ['temporary', 'fixed_term'],
  ['temporaire', 'fixed_term'],
  ['saisonnier', 'fixed_term'],
  ['seasonal', 'fixed_term'],
  ['per diem', 'fixed_term'],
  ['cdi', 'permanent'],
  ['permanent', 'permanent'],
  ['duree indeterminee', 'permanent'],
  ['regular', 'permanent'],
  ['contract', 'fixed_term'],
  ['other', 'other'],
  ['autre', 'other'],
];

const WORKING_TIME_KEYWORDS: [string, WorkingTime][] = [
  ['temps partiel', 'part_time'],
  ['partiel', 'part_time'],
  ['part time', 'part_time'],
  ['parttime', 'part_time'],
  ['mi temps', 'part_time'],
  ['temps plein', 'full_time'],
  ['plein temps', 'full_time'],
  ['temps complet', 'full_time'],
  ['full time', 'full_time'],
  ['fulltime', 'full_time'],
];

/** Lower case, accents stripped, every run of non-alphanumerics one space: "Temps-partiel (24 h)" → "temps partiel 24 h". */
function words(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function firstKeyword<T>(padded: string, keywords: readonly [string, T][]): T | null {
  for (const [keyword, value] of keywords) {
    // Whole words, so "intern" does not match "international" nor "interim".
    const needle = keyword.endsWith('*') ? ` ${keyword.slice(0, -1)}` : ` ${keyword} `;
    if (padded.includes(needle)) return value;
  }
  return null;
}

/**
 * Reads the contract and the working time from one or more source wordings (a source may give them in separate
 * fields: Personio's `employmentType` and `schedule`). The first wording naming a contract decides it, likewise for
 * the working time. A wording that names neither makes the contract `other`: the source said something.
 */
export function readContract(...wordings: (string | null | undefined)[]): ContractReading {
  let contractType: ContractType | null = null;
  let workingTime: WorkingTime | null = null;
  let unplaced = false;
  for (const wording of wordings) {
    if (wording === null || wording === undefined) continue;
    const w = words(wording);
    if (w === '') continue;
    const padded = ` ${w} `;
    const contract = firstKeyword(padded, CONTRACT_KEYWORDS);
    const time = firstKeyword(padded, WORKING_TIME_KEYWORDS);
    contractType ??= contract;
    workingTime ??= time;
    if (contract === null && time === null) unplaced = true;
  }
  return { contractType: contractType ?? (unplaced ? 'other' : null), workingTime };
}
