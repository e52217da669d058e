import { describe, expect, it } from 'vitest';
import { toEmploymentType } from './employment';

describe('toEmploymentType', () => {
  it('maps French contract wordings', () => {
    const cases: [string, string][] = [
      ['CDI', 'full_time'],
      ['CDD', 'temporary'],
      ['CDD - 6 mois', 'temporary'],
      ['Stage', 'internship'],
      ["Stage de fin d'études", 'internship'],
      ['Alternance', 'apprenticeship'],
      ['Apprentissage', 'apprenticeship'],
      ['Contrat de professionnalisation', 'apprenticeship'],
      ['Freelance', 'freelance'],
      ['Indépendant', 'freelance'],
      ['Intérim', 'temporary'],
      ['Temps partiel', 'part_time'],
      ['CDI à temps partiel', 'part_time'],
      ['CDI - Temps plein', 'full_time'],
      ['Bénévolat', 'volunteer'],
    ];
    for (const [wording, type] of cases) expect([wording, toEmploymentType(wording)]).toEqual([wording, type]);
  });

  it('maps schema.org values and English wordings', () => {
    const cases: [string, string][] = [
      ['FULL_TIME', 'full_time'],
      ['PART_TIME', 'part_time'],
      ['CONTRACTOR', 'contract'],
      ['TEMPORARY', 'temporary'],
      ['INTERN', 'internship'],
      ['VOLUNTEER', 'volunteer'],
      ['PER_DIEM', 'temporary'],
      ['OTHER', 'other'],
      ['Full-time', 'full_time'],
      ['Part time', 'part_time'],
      ['Permanent, full time', 'full_time'],
      ['Internship (6 months)', 'internship'],
      ['Fixed-term contract', 'temporary'],
      ['Contract', 'contract'],
      ['CDI - International', 'full_time'],
      ['Alternant(e)', 'apprenticeship'],
    ];
    for (const [wording, type] of cases) expect([wording, toEmploymentType(wording)]).toEqual([wording, type]);
  });

  it('maps unknown wordings to other and keeps absence as null', () => {
    expect(toEmploymentType('VIE')).toBe('other');
    expect(toEmploymentType('Mission')).toBe('other');
    expect(toEmploymentType(null)).toBeNull();
    expect(toEmploymentType(undefined)).toBeNull();
    expect(toEmploymentType('  ')).toBeNull();
  });
});
