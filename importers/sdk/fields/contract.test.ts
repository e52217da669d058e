import { describe, expect, it } from 'vitest';
import { readContract } from './contract';

const read = (...wordings: (string | null)[]) => {
  const r = readContract(...wordings);
  return [r.contractType, r.workingTime];
};

describe('readContract', () => {
  it('reads French contracts apart from the working time: a CDI is not "full time", a CDD not intérim', () => {
    const cases: [string, (string | null)[]][] = [
      ['CDI', ['permanent', null]],
      ['CDD', ['fixed_term', null]],
      ['CDD 8 mois', ['fixed_term', null]],
      ['CDD - 6 mois', ['fixed_term', null]],
      ['Contrat à durée déterminée', ['fixed_term', null]],
      ['Contrat à durée indéterminée', ['permanent', null]],
      ['Intérim', ['temporary_agency', null]],
      ['Mission d’intérim', ['temporary_agency', null]],
      ['Contrat de travail temporaire', ['temporary_agency', null]],
      ['Stage', ['internship', null]],
      ["Stage de fin d'études", ['internship', null]],
      ['Alternance', ['apprenticeship', null]],
      ['Apprentissage', ['apprenticeship', null]],
      ['Alternance en CDD', ['apprenticeship', null]],
      ['Contrat de professionnalisation', ['apprenticeship', null]],
      ['Alternant(e)', ['apprenticeship', null]],
      ['Freelance', ['freelance', null]],
      ['Indépendant', ['freelance', null]],
      ['Bénévolat', ['volunteer', null]],
      ['Saisonnier', ['fixed_term', null]],
      ['Temps plein', [null, 'full_time']],
      ['Temps partiel 24 h', [null, 'part_time']],
      ['Mi-temps', [null, 'part_time']],
      ['CDI à temps partiel', ['permanent', 'part_time']],
      ['CDI - Temps plein', ['permanent', 'full_time']],
      ['CDD temps partiel (28h)', ['fixed_term', 'part_time']],
      ['CDI - International', ['permanent', null]],
    ];
    for (const [wording, expected] of cases) expect([wording, read(wording)]).toEqual([wording, expected]);
  });

  it('reads schema.org values, English wordings, ATS codes and our own values', () => {
    const cases: [string, (string | null)[]][] = [
      ['FULL_TIME', [null, 'full_time']],
      ['PART_TIME', [null, 'part_time']],
      ['CONTRACTOR', ['freelance', null]],
      ['TEMPORARY', ['fixed_term', null]],
      ['INTERN', ['internship', null]],
      ['VOLUNTEER', ['volunteer', null]],
      ['PER_DIEM', ['fixed_term', null]],
      ['OTHER', ['other', null]],
      ['Full-time', [null, 'full_time']],
      ['Part time', [null, 'part_time']],
      ['Permanent, full time', ['permanent', 'full_time']],
      ['Permanent contract', ['permanent', null]],
      ['Fixed-term contract', ['fixed_term', null]],
      ['Contract', ['fixed_term', null]],
      ['Freelance contract', ['freelance', null]],
      ['Internship (6 months)', ['internship', null]],
      ['International sales', ['other', null]],
      ['fulltime_permanent', ['permanent', 'full_time']],
      ['parttime_fixed_term', ['fixed_term', 'part_time']],
      ['fulltime', [null, 'full_time']],
      ['traineeship', ['internship', null]],
      ['temporary_agency', ['temporary_agency', null]],
      ['fixed_term', ['fixed_term', null]],
      ['part_time', [null, 'part_time']],
    ];
    for (const [wording, expected] of cases) expect([wording, read(wording)]).toEqual([wording, expected]);
  });

  it('combines wordings given apart, the first naming each part deciding it', () => {
    expect(read('permanent', 'part-time')).toEqual(['permanent', 'part_time']);
    expect(read('CDD', 'Temps partiel 24 h')).toEqual(['fixed_term', 'part_time']);
    expect(read(null, 'full-time')).toEqual([null, 'full_time']);
    expect(read('CDI', 'CDD')).toEqual(['permanent', null]);
    expect(read('FULL_TIME', 'CONTRACTOR')).toEqual(['freelance', 'full_time']);
  });

  it('makes an unplaced wording `other` and absence null', () => {
    expect(read('VIE')).toEqual(['other', null]);
    expect(read('Mission')).toEqual(['other', null]);
    expect(read(null)).toEqual([null, null]);
    expect(read()).toEqual([null, null]);
    expect(read('  ', null)).toEqual([null, null]);
  });
});
