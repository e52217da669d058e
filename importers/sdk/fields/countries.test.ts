import { describe, expect, it } from 'vitest';
import { toCountryCode } from './countries';

describe('toCountryCode', () => {
  it('accepts alpha-2 and alpha-3 codes in any case', () => {
    expect(toCountryCode('FR')).toBe('FR');
    expect(toCountryCode('fr')).toBe('FR');
    expect(toCountryCode('DEU')).toBe('DE');
    expect(toCountryCode('che')).toBe('CH');
    expect(toCountryCode('NZ')).toBe('NZ');
  });

  it('maps English, French and native names, with or without accents and articles', () => {
    const cases: [string, string][] = [
      ['France', 'FR'],
      ['la France', 'FR'],
      ['Belgique', 'BE'],
      ['Suisse', 'CH'],
      ['Deutschland', 'DE'],
      ['Allemagne', 'DE'],
      ['Royaume-Uni', 'GB'],
      ['UK', 'GB'],
      ['États-Unis', 'US'],
      ['Etats Unis', 'US'],
      ['Maroc', 'MA'],
      ['Tunisie', 'TN'],
      ['Sénégal', 'SN'],
      ["Côte d'Ivoire", 'CI'],
      ['Côte d’Ivoire', 'CI'],
      ['the Netherlands', 'NL'],
      ['Pays-Bas', 'NL'],
      ['España', 'ES'],
      ['Österreich', 'AT'],
      ['Nouvelle-Zélande', 'NZ'],
    ];
    for (const [name, code] of cases) expect([name, toCountryCode(name)]).toEqual([name, code]);
  });

  it('covers every EU member in French', () => {
    const eu = 'Allemagne Autriche Belgique Bulgarie Chypre Croatie Danemark Espagne Estonie Finlande France Grèce Hongrie Irlande Italie Lettonie Lituanie Luxembourg Malte Pays-Bas Pologne Portugal Roumanie Slovaquie Slovénie Suède Tchéquie';
    const codes = eu.split(' ').map(toCountryCode);
    expect(codes).toEqual(['DE', 'AT', 'BE', 'BG', 'CY', 'HR', 'DK', 'ES', 'EE', 'FI', 'FR', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'SE', 'CZ']);
  });

  it('returns null for what is not a country (non-Latin names still match)', () => {
    expect(toCountryCode('Narnia')).toBeNull();
    expect(toCountryCode('Ελλάδα')).toBe('GR');
    expect(toCountryCode('  ')).toBeNull();
    expect(toCountryCode('EU')).toBeNull();
    expect(toCountryCode('XX')).toBeNull();
    expect(toCountryCode('')).toBeNull();
  });
});
