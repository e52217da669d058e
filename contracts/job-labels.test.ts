import { describe, expect, it } from 'vitest';
import { contractText, locationsText } from './job-labels';

describe('contractText', () => {
  it('says the contract and the working time apart, in French, and never a CDD as intérim', () => {
    expect(contractText({ contractType: 'fixed_term', workingTime: null, contractLabel: 'CDD' })).toBe('CDD');
    expect(contractText({ contractType: 'permanent', workingTime: null, contractLabel: 'CDI' })).toBe('CDI');
    expect(contractText({ contractType: 'temporary_agency', workingTime: null, contractLabel: 'Intérim' })).toBe('Intérim');
    expect(contractText({ contractType: null, workingTime: 'full_time', contractLabel: 'Temps plein' })).toBe('Temps plein');
    expect(contractText({ contractType: 'permanent', workingTime: 'part_time', contractLabel: 'CDI temps partiel' })).toBe('CDI · Temps partiel');
    expect(contractText({ contractType: 'internship', workingTime: null, contractLabel: null })).toBe('Stage');
    expect(contractText({ contractType: 'apprenticeship', workingTime: 'full_time', contractLabel: null })).toBe('Alternance · Temps plein');
  });

  it("adds the source's words when they say more, and shows them alone for an unplaced contract", () => {
    expect(contractText({ contractType: 'fixed_term', workingTime: 'part_time', contractLabel: 'CDD 8 mois, Temps partiel 24 h' })).toBe(
      'CDD · Temps partiel (CDD 8 mois, Temps partiel 24 h)',
    );
    expect(contractText({ contractType: 'other', workingTime: null, contractLabel: 'VIE' })).toBe('VIE');
    expect(contractText({ contractType: 'other', workingTime: null, contractLabel: null })).toBe('Autre contrat');
    expect(contractText({ contractType: null, workingTime: null, contractLabel: null })).toBe('Contrat non précisé');
    expect(contractText({})).toBe('Contrat non précisé');
  });
});

describe('locationsText', () => {
  it('lists every place, remote standing alone or with its city', () => {
    const place = (city: string | null, country: string | null, remote = false) => ({ city, region: null, postalCode: null, country, remote });
    expect(locationsText({ locations: [place('Paris', 'FR'), place('Lyon', 'FR')] })).toBe('Paris, FR / Lyon, FR');
    expect(locationsText({ locations: [place(null, 'FR', true)] })).toBe('FR, Télétravail');
    expect(locationsText({ locations: [place('Chicago, IL', 'US', true)] })).toBe('Chicago, IL, US, Télétravail');
    expect(locationsText({ locations: [place(null, null)] })).toBe('Lieu non précisé');
    expect(locationsText({})).toBe('Lieu non précisé');
  });
});
