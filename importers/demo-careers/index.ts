import type { FieldTransform } from '../sdk/kinds/fields';
import { htmlImporter } from '../sdk/kinds/html';
import { demoCareersEntry } from './config';

/**
 * Demo Careers: the example client site of kind html (a hand-made CMS, French only).
 *
 * Quirks:
 * - The listing is sorted by "last updated", so a job can move to the next page while pages are read and show up
 *   twice: the SDK keeps the first occurrence.
 * - On the last page "Page suivante" is an inactive `<span>`, not a link: `a.pagination__suivant` ends the walk.
 * - Old offers (103) still use the previous template, served without a charset header and declared
 *   `iso-8859-1` in a `<meta http-equiv>` while containing €, œ and – (Windows-1252 only): decoded as windows-1252.
 * - The country is never shown: every office is in France.
 * - Some offers only take applications by e-mail (a `mailto:` button): no apply URL, candidates read the page.
 * - Salaries are one text ("35 000 € – 42 000 € brut annuel", "Gratification : 1 200 € / mois").
 */

const SALARY_AMOUNT = /\d[\d\s\u00a0\u202f]*(?:[.,]\d+)?\s*€/g;

/** One end of the salary text's range; a single amount is both ends. */
function salaryEnd(end: 'min' | 'max'): FieldTransform {
  return (text) => {
    const amounts = text?.match(SALARY_AMOUNT) ?? [];
    return (end === 'min' ? amounts[0] : amounts[amounts.length - 1]) ?? null;
  };
}

const httpOnly: FieldTransform = (href) => (href && /^https?:/i.test(href.trim()) ? href : null);

export const demoCareers = htmlImporter({
  ...demoCareersEntry,
  scraper: {
    item: 'section.liste-offres article.offre',
    fields: {
      externalId: { selector: 'a.offre__lien', attr: 'href', regex: '/emploi/(\\d+)-' },
      city: { selector: '.offre__lieu', regex: '^(.+?)\\s*\\(' },
      contractType: '.offre__contrat',
      country: { value: 'France' },
    },
    nextPage: 'a.pagination__suivant',
    maxPages: 20,
    detail: {
      url: 'a.offre__lien@href',
      fields: {
        title: 'h1.fiche__titre',
        description: { selector: '.fiche__description', html: true },
        postedAt: { selector: '.fiche__date', regex: 'Publiée le (.+)$' },
        department: { selector: '.fiche__service', regex: 'Service\\s*:\\s*(.+)$' },
        salaryMin: { selector: '.fiche__salaire', transform: salaryEnd('min') },
        salaryMax: { selector: '.fiche__salaire', transform: salaryEnd('max') },
        salaryPeriod: { selector: '.fiche__salaire', regex: '(annuel|mois)' },
        remote: '.fiche__teletravail',
        applyUrl: { selector: 'a.fiche__postuler', attr: 'href', transform: httpOnly },
      },
    },
  },
});

export default demoCareers;
