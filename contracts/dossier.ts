/**
 * The import dossier: what anyone needs to pick an import up, answer its incident or take it over, without its
 * author. One per import, versioned (every version kept with its author and time): written through the API
 * (apps/api/dossier), read by the API, the incident context and the digest.
 */

/** The sections a submission for review needs (an explicit "none" is an answer; an empty section is not). */
export const REQUIRED_DOSSIER_SECTIONS = ['context', 'sources', 'contacts', 'unusualPoints'] as const;
export type RequiredDossierSection = (typeof REQUIRED_DOSSIER_SECTIONS)[number];

/** Titles, in the order the dossier is rendered and diffed. */
export const DOSSIER_SECTION_TITLES = {
  context: 'Context',
  sources: 'Sources and access',
  contacts: 'Contacts',
  unusualPoints: 'Unusual points',
  runBook: 'Run book',
} as const;

/**
 * Bounds: a dossier is read by someone answering an incident at 7 am, not an archive. Markdown sections up to
 * 8,000 characters, an unusual point one short line, a run-book entry per check up to 2,000 characters.
 */
export const DOSSIER_LIMITS = {
  sectionChars: 8_000,
  unusualPoints: 30,
  unusualPointChars: 200,
  runBookEntries: 30,
  runBookEntryChars: 2_000,
  noteChars: 500,
} as const;

export interface DossierSections {
  /** Client, what their pages or feed look like, which importer and why (markdown). */
  context: string;
  /** URLs, secret references by name only, agreed rate limits (markdown). */
  sources: string;
  /** Account manager, client HR/IT, ATS vendor (markdown). */
  contacts: string;
  /** One short line each; `["none"]` says there is none. */
  unusualPoints: string[];
  /**
   * Per check that can fail on this import (a check name such as `count_drop`, or an incident kind such as
   * `fetch_failed`): what it usually means here and what to do (markdown).
   */
  runBook: Record<string, string>;
}

export const EMPTY_DOSSIER: DossierSections = { context: '', sources: '', contacts: '', unusualPoints: [], runBook: {} };

/** The required sections still empty (a section holding "none" is filled). */
export function missingDossierSections(sections: DossierSections | null): RequiredDossierSection[] {
  const s = sections ?? EMPTY_DOSSIER;
  return REQUIRED_DOSSIER_SECTIONS.filter((name) => {
    const value = s[name];
    return Array.isArray(value) ? value.every((line) => line.trim() === '') : value.trim() === '';
  });
}

/** One line of the dossier's incident log: how an incident was resolved by hand. */
export interface DossierIncidentEntry {
  incidentId: number;
  kind: string;
  cause: string;
  fix: string;
  by: string;
  at: string;
}

/** "last time: cause → fix (who, when)", shown on the next incident of the same kind on the same import. */
export const lastTimeLine = (e: Pick<DossierIncidentEntry, 'cause' | 'fix' | 'by' | 'at'>): string => `last time: ${e.cause} → ${e.fix} (${e.by}, ${e.at.slice(0, 10)})`;

/** The dossier as a single markdown document: what is diffed between versions and rendered. */
export function dossierMarkdown(s: DossierSections): string {
  const t = DOSSIER_SECTION_TITLES;
  const runBook = Object.entries(s.runBook)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([check, text]) => `### ${check}\n\n${text.trim()}\n`);
  return [
    `## ${t.context}\n\n${s.context.trim()}\n`,
    `## ${t.sources}\n\n${s.sources.trim()}\n`,
    `## ${t.contacts}\n\n${s.contacts.trim()}\n`,
    `## ${t.unusualPoints}\n\n${s.unusualPoints.map((p) => `- ${p.trim()}`).join('\n')}\n`,
    `## ${t.runBook}\n\n${runBook.join('\n')}`,
  ].join('\n');
}

export const dossierPath = (importId: string): string => `/imports/${importId}/dossier`;
