import type { EmploymentType } from '../job';

/**
 * Source wordings to our employment types: French contract names (CDI, CDD, alternance...), English wordings and
 * schema.org values (FULL_TIME, CONTRACTOR...). Exact phrases are tried first, then keywords in priority order, so
 * "CDI à temps partiel" is part-time and "Stage de fin d'études" an internship. Unknown wordings become `other`.
 */

const EXACT: Record<string, EmploymentType> = {
  cdi: 'full_time',
  'full time': 'full_time',
  fulltime: 'full_time',
  permanent: 'full_time',
  'temps plein': 'full_time',
  'temps complet': 'full_time',
  'contrat a duree indeterminee': 'full_time',
  'part time': 'part_time',
  parttime: 'part_time',
  'temps partiel': 'part_time',
  'mi temps': 'part_time',
  contractor: 'contract',
  contract: 'contract',
  contrat: 'contract',
  temporary: 'temporary',
  cdd: 'temporary',
  interim: 'temporary',
  'contrat a duree determinee': 'temporary',
  'per diem': 'temporary',
  intern: 'internship',
  internship: 'internship',
  stage: 'internship',
  stagiaire: 'internship',
  alternance: 'apprenticeship',
  apprentissage: 'apprenticeship',
  apprenticeship: 'apprenticeship',
  freelance: 'freelance',
  independant: 'freelance',
  volunteer: 'volunteer',
  benevolat: 'volunteer',
  other: 'other',
  autre: 'other',
};

/** Checked in order: the first keyword found in the wording decides. Whole words, or a prefix when ending in `*`. */
const KEYWORDS: [string, EmploymentType][] = [
  ['temps partiel', 'part_time'],
  ['part time', 'part_time'],
  ['mi temps', 'part_time'],
  ['stage', 'internship'],
  ['stagiaire', 'internship'],
  ['intern', 'internship'],
  ['internship', 'internship'],
  ['alternan*', 'apprenticeship'],
  ['apprenti*', 'apprenticeship'],
  ['professionnalisation', 'apprenticeship'],
  ['freelance', 'freelance'],
  ['independant', 'freelance'],
  ['portage salarial', 'freelance'],
  ['interim', 'temporary'],
  ['cdd', 'temporary'],
  ['saisonnier', 'temporary'],
  ['seasonal', 'temporary'],
  ['temporary', 'temporary'],
  ['temporaire', 'temporary'],
  ['fixed term', 'temporary'],
  ['cdi', 'full_time'],
  ['temps plein', 'full_time'],
  ['full time', 'full_time'],
  ['permanent', 'full_time'],
  ['contractor', 'contract'],
  ['contract', 'contract'],
  ['benevol*', 'volunteer'],
  ['volunteer', 'volunteer'],
  ['volontariat', 'volunteer'],
];

function words(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** `null` when absent or blank; otherwise the mapped type, `other` when the wording is unknown. */
export function toEmploymentType(value: string | null | undefined): EmploymentType | null {
  if (value === null || value === undefined) return null;
  const w = words(value);
  if (w === '') return null;
  const exact = EXACT[w];
  if (exact) return exact;
  // Whole words, so "intern" does not match "international".
  const padded = ` ${w} `;
  for (const [keyword, type] of KEYWORDS) {
    const needle = keyword.endsWith('*') ? ` ${keyword.slice(0, -1)}` : ` ${keyword} `;
    if (padded.includes(needle)) return type;
  }
  return 'other';
}
