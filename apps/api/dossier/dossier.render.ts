import { createTwoFilesPatch } from 'diff';
import MarkdownIt from 'markdown-it';
import { DOSSIER_SECTION_TITLES, dossierMarkdown, type DossierSections } from '../../../contracts';

// Raw HTML is off: `<script>` in a section is shown as text, never run. markdown-it also refuses
// `javascript:`/`vbscript:`/`data:` links by default (validateLink).
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** The dossier rendered as HTML (escaped: the sections are whatever a member typed). */
export const renderDossier = (sections: DossierSections): string => md.render(dossierMarkdown(sections));

/** One markdown text (a run-book entry) rendered the same way. */
export const renderMarkdown = (text: string): string => md.render(text);

/** A unified diff between two versions of the dossier, and which sections changed. */
export function diffDossiers(from: { version: number; sections: DossierSections }, to: { version: number; sections: DossierSections }) {
  const patch = createTwoFilesPatch(`dossier v${from.version}`, `dossier v${to.version}`, dossierMarkdown(from.sections), dossierMarkdown(to.sections), '', '', { context: 2 });
  const changed = (Object.keys(DOSSIER_SECTION_TITLES) as (keyof DossierSections)[]).filter((k) => JSON.stringify(from.sections[k]) !== JSON.stringify(to.sections[k]));
  return { from: from.version, to: to.version, changedSections: changed, patch };
}
