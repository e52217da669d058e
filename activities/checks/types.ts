/**
 * Business checks: what a run must look like before it is applied. Pure functions over figures the run
 * activity gathers from Postgres (the run's staged records and the history of good runs).
 */

import type { FidelityNote } from '../../importers/sdk/definition';
import type { ChecksConfig } from '../../importers/sdk/checks-config';

/** What one run extracted, summarised. */
export interface RunFigures {
  /** Records extracted (valid + invalid). */
  records: number;
  valid: number;
  invalid: number;
  /**
   * External ids seen more than once among valid records (the first 20, conflicts first). `kind` is absent from
   * figures stored before duplicates were told apart: such an entry counts as a conflict.
   */
  duplicates: {
    externalId: string;
    count: number;
    /** identical: the same record repeated; locations: differing only in location (merged); conflict: anything else. */
    kind?: 'identical' | 'locations' | 'conflict';
    /** A conflict's differing fields and its two versions (the first record and the first that differs). */
    fields?: string[];
    versions?: [unknown, unknown];
  }[];
  /** Duplicated ids by kind, and the records beyond the first of each id (all of them, not only those listed). */
  duplicateTotals?: { identical: number; locations: number; conflicts: number; extraRecords: number };
  /** Share (0..1) of valid records where the field is present, for each Job field path (e.g. "location.city"). */
  fieldCoverage: Record<string, number>;
  /** Every page or feed fetched. */
  pages: { url: string; status: number; bytes: number; fingerprint?: string }[];
  /** Declared selectors (html importers) aggregated over the pages where they were evaluated. */
  selectors: { field: string; selector: string; pages: number; matchedPages: number; matches: number; sampleUrl: string }[];
  /** The counts of jobs the site itself shows, one per listing read (absent: none declared). */
  expectedCounts?: ExpectedCount[];
  /** Text altered in what the sources sent, repaired or not (absent from figures stored before it existed). */
  fidelity?: FidelityNote[];
  /** Requests that failed (HTTP status ≥ 400 or a network error) without failing the run. */
  httpErrors: { url: string; status: number | null; message: string }[];
}

/** The count of jobs a site shows ("42 offres"), read where the import declared it; null: not found there. */
export interface ExpectedCount {
  url: string;
  selector: string;
  text: string;
  count: number | null;
}

/** A previous run that was applied (a "good" run), newest first in CheckInput.history. */
export interface GoodRun {
  runId: string;
  valid: number;
  fieldCoverage: Record<string, number>;
  /** Distinct structure fingerprints of the pages it fetched. */
  fingerprints: string[];
}

export type { CheckSeverity } from '../../importers/sdk/checks-config';

export interface CheckResult {
  /** Stable name: minimum_count, count_drop, field_coverage, invalid_ratio, duplicates, selectors, structure, http_errors, encoding, expected_count. */
  check: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  /** One sentence with the figures, e.g. "12 jobs, median of last 10 runs 140 (-91%, limit -50%)". */
  message: string;
  figures: Record<string, number | string | null>;
  /** What broke, for the alert: selectors with their field, fields with their coverage, duplicate ids, URLs… */
  details?: unknown;
}

/** Stable names of the checks, in the order evaluateChecks reports them. */
export type CheckName =
  | 'minimum_count'
  | 'count_drop'
  | 'field_coverage'
  | 'invalid_ratio'
  | 'duplicates'
  | 'selectors'
  | 'structure'
  | 'http_errors'
  | 'encoding'
  | 'expected_count';

/**
 * What evaluateChecks reads. `history` holds good runs, newest first; the caller loads at least
 * `config.countDrop.window` of them (older ones are ignored).
 */
export interface CheckInput {
  figures: RunFigures;
  history: GoodRun[];
  config: ChecksConfig;
}

/** The verdict: `passed` is false as soon as one result has status 'fail' ('warn' never blocks). */
export interface ChecksOutcome {
  passed: boolean;
  results: CheckResult[];
}
