/**
 * The team's review practices: what a reviewer holds every submission to, learned from imports that broke in
 * unexpected ways. Versioned with the code (this file); `why` is the failure each one prevents. `automatic`
 * practices are computed by the platform from the submission (its configuration, checks, fetch policy,
 * schedule and the dossier it carries: apps/api/review) and shown as pass/fail with figures; a failing one
 * blocks the approval unless the reviewer waives it with a reason. The reviewer answers the others one by one.
 * Ids are stable: answers and the lead's failure counts are keyed by them. Add at the end; never reuse an id.
 */
export const REVIEW_PRACTICES_VERSION = 1;

export interface ReviewPractice {
  id: string;
  text: string;
  why: string;
  automatic: boolean;
}

export const REVIEW_PRACTICES = [
  {
    id: 'stable_external_ids',
    text: "External ids come from the source's own stable identifier (not a position, a URL with tracking, or a hash of mutable fields).",
    why: 'A client republished every offer and its ids changed: all jobs were closed and recreated, candidates lost their applications.',
    automatic: false,
  },
  {
    id: 'explicit_date_formats',
    text: 'Dates are parsed with an explicit format and time zone, and stored in UTC.',
    why: 'A feed switched from DD/MM to MM/DD on the 13th of a month: half the offers were dated in the future and hidden.',
    automatic: false,
  },
  {
    id: 'declared_encoding',
    text: "The source's character encoding is declared or detected, never assumed to be UTF-8.",
    why: 'A windows-1252 feed read as UTF-8 turned every accented title into mojibake on the client’s job page.',
    automatic: false,
  },
  {
    id: 'bounded_pagination',
    text: 'Pagination stops on a bound (page limit, no new ids) as well as on the last page.',
    why: 'A site returning page 1 for any page number made an importer loop until the run timed out, every run.',
    automatic: false,
  },
  {
    id: 'expected_count_check',
    text: 'The minimum-count check is on (severity fail), with a floor that fits this client.',
    why: 'A site served an empty list during a redesign and the run closed all of the client’s jobs.',
    automatic: true,
  },
  {
    id: 'count_drop_check',
    text: 'The count-drop check is on: a run losing a large share of the jobs is quarantined, not applied.',
    why: 'A partially loaded page applied 12 jobs out of 140 and closed the rest for a whole day.',
    automatic: true,
  },
  {
    id: 'field_coverage_floors',
    text: 'Coverage floors are set for the fields the client relies on (e.g. locations.city, contractType).',
    why: 'A moved element left every offer without a city for two weeks: the checks only watched the count.',
    automatic: true,
  },
  {
    id: 'polite_fetch_policy',
    text: 'The fetch policy is polite: at most 4 concurrent requests per host and a total timeout of at most 2 minutes.',
    why: 'A client’s IT blocked our addresses after an import fetched 16 pages at once every hour.',
    automatic: true,
  },
  {
    id: 'no_private_addresses',
    text: 'The fetch policy does not allow private addresses (only fixture sites in tests need it).',
    why: 'A copied test configuration reached an internal address from production.',
    automatic: true,
  },
  {
    id: 'no_secret_in_config',
    text: 'No credential is written in the configuration: secrets by reference only ({ "$secret": "NAME" }).',
    why: 'A password in a configuration ended up in an alert message, then in a client-visible ticket.',
    automatic: true,
  },
  {
    id: 'schedule_agreed',
    text: "The schedule is explicit and within what was agreed with the client (see the dossier's sources).",
    why: 'An hourly default schedule hit a client site that allowed one visit a day, and the client complained.',
    automatic: true,
  },
  {
    id: 'fixture_test_for_code_importers',
    text: 'A code importer has a fixture from the real source and a test asserting the exact records.',
    why: 'A selector fix for one page broke another; nothing showed it until the client called.',
    automatic: false,
  },
  {
    id: 'removed_jobs_closed',
    text: 'Jobs that disappear from the source are closed, and a filled job is not left open by a filter.',
    why: 'An import filtering by department kept 30 filled jobs online for months.',
    automatic: false,
  },
  {
    id: 'dossier_updated',
    text: 'The dossier is up to date: it changed since the last approved revision (or is new), and is complete.',
    why: 'An incident at 7 am was answered by someone who had never seen the import; the author’s notes were in their head.',
    automatic: true,
  },
  {
    id: 'run_book_written',
    text: "The dossier's run book says, for the checks that can fail here, what it usually means and what to do.",
    why: 'A seasonal drop was "fixed" by lowering the check, hiding a real breakage the next month.',
    automatic: true,
  },
] as const satisfies readonly ReviewPractice[];

export type ReviewPracticeId = (typeof REVIEW_PRACTICES)[number]['id'];
export const REVIEW_PRACTICE_IDS = REVIEW_PRACTICES.map((p) => p.id) as ReviewPracticeId[];

/** What the reviewer answers per practice. `waived` is only for a failing automatic practice (with a reason). */
export const PRACTICE_ANSWERS = ['ok', 'not_applicable', 'problem', 'waived'] as const;
export type PracticeAnswer = (typeof PRACTICE_ANSWERS)[number];

/** An automatic practice's result on a submission: pass/fail with the figures it was judged on. */
export interface PracticeResult {
  status: 'pass' | 'fail';
  message: string;
  figures: Record<string, number | string | boolean | null>;
}
