import type { FetchPolicy, FidelityNote, SourceDocument } from '../../importers/sdk';
import type { ExpectedCount } from '../checks/types';

/** `application_name` of a compartment's Postgres connection. */
export const COMPARTMENT_APPLICATION_NAME = 'liaison-compartment';

/** What the worker asks a compartment (a child process) to do: extract one run and stage its records. */
export interface ExtractionJob {
  runId: string;
  importerKey: string;
  /** The import's configuration with secrets resolved: never logged. */
  config: unknown;
  fetchPolicy: Partial<FetchPolicy>;
  databaseUrl: string;
  /** Extra importer modules (tests' deliberately broken importers). */
  importerModules: string[];
  /** Rows per staged insert. */
  batchSize: number;
  /** The secret values resolved into `config`: masked in what the compartment stages (source URLs, raw records). */
  secrets?: string[];
}

export interface Progress {
  pages: number;
  bytes: number;
  jobs: number;
}

export interface SelectorStat {
  field: string;
  selector: string;
  pages: number;
  matchedPages: number;
  matches: number;
  sampleUrl: string;
}

export interface Observations {
  /** First pages fetched (capped), with status, size and structure fingerprint. */
  pages: { url: string; status: number; bytes: number; fingerprint?: string }[];
  pageCount: number;
  bytes: number;
  selectors: SelectorStat[];
  /** Text altered in what the sources sent (entities, charsets), repaired or not, one entry per kind and URL (capped). */
  fidelity?: FidelityNote[];
  /** The counts of jobs the site shows, where the import declares them (html `expectedCount`), one per listing. */
  expectedCounts?: ExpectedCount[];
  /** The first 2 KB of the first document fetched: shown in alerts when the site changed. */
  excerpt: { url: string; text: string } | null;
}

export interface ExtractionSummary {
  records: number;
  valid: number;
  invalid: number;
  /** Peak resident memory of the compartment process, in KB. */
  peakRssKb: number;
  observations: Observations;
  /** What was read, to find a later run's source unchanged; null when the extraction cannot be replayed from it. */
  documents: SourceDocument[] | null;
}

/** An extraction failure, serialisable across the process boundary. */
export interface ExtractionFailure {
  type: string;
  message: string;
  retryable: boolean;
  url?: string;
  status?: number;
  selector?: string;
  stack?: string;
  /** The server's Retry-After (429, 503), in ms: the next attempt waits that long, up to a cap (retry-after.ts). */
  retryAfterMs?: number;
  /** Set when the Retry-After asked for more than the cap. */
  retryAfterCapped?: boolean;
}

export type ChildMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; summary: ExtractionSummary }
  | { type: 'failed'; failure: ExtractionFailure; observations: Observations };

export type ParentMessage = { type: 'start'; job: ExtractionJob };
