import { z } from 'zod';
import type { RawJob } from '../sdk/definition';

/** The fields of the Postings API (`GET /v0/postings/{company}?mode=json`) this importer reads. */
export const leverPostingSchema = z.object({
  id: z.string(),
  text: z.string(),
  categories: z.object({
    commitment: z.string().nullish(),
    department: z.string().nullish(),
    location: z.string().nullish(),
    /** Every place of a posting offered in several; `location` is the first. */
    allLocations: z.array(z.string()).nullish(),
    team: z.string().nullish(),
  }),
  /** Epoch milliseconds. */
  createdAt: z.number().nullish(),
  description: z.string().nullish(),
  descriptionPlain: z.string().nullish(),
  lists: z.array(z.object({ text: z.string(), content: z.string() })).default([]),
  additional: z.string().nullish(),
  country: z.string().nullish(),
  workplaceType: z.enum(['onsite', 'remote', 'hybrid', 'unspecified']).nullish(),
  salaryRange: z
    .object({ currency: z.string(), interval: z.string(), min: z.number().nullish(), max: z.number().nullish() })
    .nullish(),
  hostedUrl: z.string().nullish(),
  /** Free words about pay ("<div>Plus commission</div>"), with or without `salaryRange`; `salaryDescriptionPlain` is its text. */
  salaryDescription: z.string().nullish(),
  salaryDescriptionPlain: z.string().nullish(),
});
export type LeverPosting = z.infer<typeof leverPostingSchema>;

// An error body ({ ok: false, error }) fails this schema: a wrong company slug is not an empty board.
export const leverPageSchema = z.array(leverPostingSchema);

/**
 * Lever's `interval` values ("per-year-salary", "per-hour-wage"...) to RawJob periods. Any other ("one-time") gives
 * no period: the amount is kept without a unit rather than the posting rejected.
 */
const PERIODS: Record<string, string> = {
  'per-year-salary': 'year',
  'per-month-salary': 'month',
  'per-week-salary': 'week',
  'per-day-wage': 'day',
  'per-hour-wage': 'hour',
};

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The posting page shows `description`, then each of `lists` as a titled bullet list, then `additional`;
 * the description keeps that order. `descriptionPlain` is the fallback when the HTML is empty.
 */
export function leverDescription(posting: LeverPosting): string | null {
  const plain = posting.descriptionPlain?.trim() ?? '';
  const intro = posting.description?.trim() ? posting.description : escapeText(plain);
  const lists = posting.lists.map((list) => `<h3>${escapeText(list.text)}</h3><ul>${list.content}</ul>`);
  const html = [intro, ...lists, posting.additional ?? ''].filter((part) => part.trim() !== '').join('\n');
  return html === '' ? null : html;
}

// Letter-aware boundaries: `\b` does not see "é" as a letter.
const REMOTE_MARKER = /(?<![\p{L}\d])(full[- ]?remote|remote|t[ée]l[ée]travail|à distance|anywhere)(?![\p{L}\d])/iu;

/**
 * Each of `allLocations` (or the one `location`), as typed by the recruiter ("Chicago, IL", "Bordeaux"): kept whole
 * as the city. A fully remote posting keeps its place with `remote` set; a place that says "Remote" or
 * "Télétravail" ("Télétravail - France") is no city, just remote.
 */
export function leverLocations(posting: LeverPosting): RawJob['locations'] {
  const remote = posting.workplaceType === 'remote';
  const country = posting.country ?? null;
  const named = [posting.categories.location ?? '', ...(posting.categories.allLocations ?? [])].map((place) => place.trim());
  const places = [...new Set(named)].filter((place) => place !== '');
  if (places.length === 0) return remote || country !== null ? [{ city: null, region: null, postalCode: null, country, remote }] : [];
  // `country` is the posting's primary location's (`location`, the first place): a London office of a Paris posting
  // is not in France.
  return places.map((place, index) => {
    const marked = REMOTE_MARKER.test(place);
    return { city: marked ? null : place, region: null, postalCode: null, country: index === 0 ? country : null, remote: remote || marked };
  });
}

/** `salaryDescription` (or its plain text) as the job's `salaryLabel`, only when the posting has one. */
function salaryWords(posting: LeverPosting): Pick<RawJob, 'salaryLabel'> {
  const words = posting.salaryDescriptionPlain?.trim() || posting.salaryDescription?.trim();
  return words ? { salaryLabel: words } : {};
}

export function mapLeverPosting(posting: LeverPosting): RawJob {
  const salary = posting.salaryRange;
  return {
    externalId: posting.id,
    title: posting.text,
    description: leverDescription(posting),
    locations: leverLocations(posting),
    contractType: posting.categories.commitment ?? null,
    department: posting.categories.department ?? posting.categories.team ?? null,
    salary: salary
      ? { min: salary.min ?? null, max: salary.max ?? null, currency: salary.currency, period: PERIODS[salary.interval] ?? null }
      : null,
    ...salaryWords(posting),
    applyUrl: posting.hostedUrl ?? null,
    postedAt: posting.createdAt ?? null,
    updatedAt: null,
  };
}
