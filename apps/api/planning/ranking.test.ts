import { describe, expect, it } from 'vitest';
import { rankDevelopers, type DeveloperLoad } from './ranking';

const dev = (handle: string, skills: string[], weeklyCapacityDays: number, openDays: number, openImports = openDays > 0 ? 1 : 0): DeveloperLoad => ({
  handle,
  name: handle,
  skills,
  weeklyCapacityDays,
  openDays,
  openImports,
});

describe('rankDevelopers', () => {
  it('ranks by matching skills first, then by free capacity, and says why', () => {
    const ranked = rankDevelopers(['xml', 'taleo'], [
      dev('dev.html', ['html', 'greenhouse'], 5, 0),
      dev('dev.xml-busy', ['xml', 'taleo'], 5, 7, 2),
      dev('dev.xml-free', ['XML', 'taleo', 'multiposting'], 4, 1),
      dev('dev.xml-only', ['xml'], 5, 0),
    ]);
    expect(ranked.map((s) => s.handle)).toEqual(['dev.xml-free', 'dev.xml-busy', 'dev.xml-only', 'dev.html']);
    expect(ranked.map((s) => s.reason)).toEqual([
      'knows xml, taleo; 3 days free of 4 days a week (1 day open on 1 import)',
      'knows xml, taleo; over capacity by 2 days (7 days open on 2 imports, 5 days a week)',
      'knows xml (not taleo); 5 days free of 5 days a week (0 days open on 0 imports)',
      'none of xml, taleo; 5 days free of 5 days a week (0 days open on 0 imports)',
    ]);
    expect(ranked[0]).toMatchObject({ rank: 1, matchedSkills: ['xml', 'taleo'], missingSkills: [], freeDays: 3 });
  });

  it('falls back to free capacity, then the handle, when nothing distinguishes skills', () => {
    expect(rankDevelopers([], [dev('dev.b', [], 5, 2), dev('dev.a', [], 5, 2), dev('dev.c', [], 5, 0)]).map((s) => s.handle)).toEqual(['dev.c', 'dev.a', 'dev.b']);
  });
});
