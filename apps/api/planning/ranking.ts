/**
 * Assignment suggestions, pure: developers ranked by the skills the import needs (its kind, its ATS or
 * importer key) they have, then by free capacity this week. Each comes with the reason, in words.
 */
export interface DeveloperLoad {
  handle: string;
  name: string;
  skills: string[];
  /** Working days per week given to imports. */
  weeklyCapacityDays: number;
  /** Estimated days of their assigned imports not yet live (nor cancelled). */
  openDays: number;
  openImports: number;
}

export interface Suggestion {
  handle: string;
  name: string;
  rank: number;
  matchedSkills: string[];
  missingSkills: string[];
  freeDays: number;
  openDays: number;
  weeklyCapacityDays: number;
  reason: string;
}

const days = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} day${Math.abs(n) === 1 ? '' : 's'}`;

export function rankDevelopers(needed: readonly string[], developers: readonly DeveloperLoad[]): Suggestion[] {
  const wanted = [...new Set(needed.map((s) => s.toLowerCase()))];
  const scored = developers.map((d) => {
    const skills = new Set(d.skills.map((s) => s.toLowerCase()));
    const matchedSkills = wanted.filter((s) => skills.has(s));
    return { d, matchedSkills, missingSkills: wanted.filter((s) => !skills.has(s)), freeDays: d.weeklyCapacityDays - d.openDays };
  });
  scored.sort((a, b) => b.matchedSkills.length - a.matchedSkills.length || b.freeDays - a.freeDays || a.d.handle.localeCompare(b.d.handle));
  return scored.map(({ d, matchedSkills, missingSkills, freeDays }, i) => {
    const skillPart =
      wanted.length === 0
        ? 'no skill to match'
        : matchedSkills.length === 0
          ? `none of ${wanted.join(', ')}`
          : `knows ${matchedSkills.join(', ')}${missingSkills.length > 0 ? ` (not ${missingSkills.join(', ')})` : ''}`;
    const loadPart =
      freeDays >= 0
        ? `${days(freeDays)} free of ${days(d.weeklyCapacityDays)} a week (${days(d.openDays)} open on ${d.openImports} import${d.openImports === 1 ? '' : 's'})`
        : `over capacity by ${days(-freeDays)} (${days(d.openDays)} open on ${d.openImports} import${d.openImports === 1 ? '' : 's'}, ${days(d.weeklyCapacityDays)} a week)`;
    return {
      handle: d.handle,
      name: d.name,
      rank: i + 1,
      matchedSkills,
      missingSkills,
      freeDays,
      openDays: d.openDays,
      weeklyCapacityDays: d.weeklyCapacityDays,
      reason: `${skillPart}; ${loadPart}`,
    };
  });
}
