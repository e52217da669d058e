import type { z } from 'zod';
import type { ImportKind } from '../../contracts';

/** One place as the source gave it; a place may be remote alone ("France, télétravail": a country and `remote`). */
export interface RawLocation {
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  /** Any of: ISO alpha-2/alpha-3 code, English or French country name. */
  country?: string | null;
  remote?: boolean | null;
}

/**
 * What an importer yields before normalisation: loose, as the source gave it. The SDK's
 * `normaliseJob` turns it into a `Job` (dates to ISO UTC, HTML sanitised, country to ISO code,
 * contract and working time read from the source's wording, content hash) or a list of field errors.
 */
export interface RawJob {
  externalId?: string | number | null;
  title?: string | null;
  /** HTML or plain text; sanitised by normalisation. */
  description?: string | null;
  /** Every place the job is offered in, in the source's order; repeats collapse. */
  locations?: readonly RawLocation[] | null;
  /** One place: the same as `locations: [location]` (placed first when both are given). */
  location?: RawLocation | null;
  /**
   * Source wording of the contract, which may say the working time too ("CDI", "CDD 8 mois", "Full-time",
   * "FULL_TIME", "parttime_fixed_term"); several for a source giving a list (schema.org `employmentType`).
   */
  contractType?: string | readonly string[] | null;
  /** Source wording of the working time, when the source gives it apart ("Temps partiel 24 h", "part-time"). */
  workingTime?: string | null;
  /** The source's own words to show, when not the wordings above (which are the label by default). */
  contractLabel?: string | null;
  /**
   * The former name of `contractType` (source wording, read the same way), still accepted so stored field maps and
   * feed presets naming it keep working. New code sets `contractType`.
   */
  employmentType?: string | null;
  department?: string | null;
  salary?: {
    min?: number | string | null;
    max?: number | string | null;
    currency?: string | null;
    period?: string | null;
  } | null;
  /** The source's own words about pay, beside or instead of an amount (HTML or text; kept as text). */
  salaryLabel?: string | null;
  applyUrl?: string | null;
  /**
   * The page the record's relative links (description, apply URL) are relative to, when not the document it was
   * read from: an API record describing a job published on its own page (Greenhouse's `absolute_url`).
   */
  baseUrl?: string | null;
  /** Any date the source gives (ISO with or without zone, RFC 2822, "dd/mm/yyyy", epoch ms). */
  postedAt?: string | number | null;
  updatedAt?: string | number | null;
}

/** One extracted record and where it came from, so checks and incidents can point at the source. */
export interface ExtractedJob {
  raw: RawJob;
  /** URL of the page or feed the record was read from. */
  sourceUrl: string;
  /**
   * The record could not be read whole (its detail request answered 404): staged as invalid with these errors,
   * whatever its fields. It is still listed (its job is not closed) and counts against the invalid-ratio check,
   * instead of failing the whole run.
   */
  errors?: { field: string; message: string }[];
}

/** A fetched document, already decoded to a JS string (charset from header, BOM or the page). */
export interface FetchedDocument {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  charset: string;
  text: string;
  bytes: number;
}

/**
 * Something in what the source sent that is not as it published it, seen while extracting: repaired (HTML entities
 * in an XML feed decoded, a lying charset decoded with the right one) or not (bytes no charset explains, mojibake
 * in the text). Repairs are reported in the run; what was not repaired fails the `encoding` check.
 */
export interface FidelityNote {
  /** `record_mojibake`: in a record's fields after every decoding step, where the document's bytes and markup were clean. */
  kind: 'html_entities' | 'charset_mismatch' | 'invalid_bytes' | 'mojibake' | 'record_mojibake';
  /** The document (or, for text read from records, the first record's source) concerned. */
  url: string;
  /** How many occurrences (entities, replacement characters, records). */
  count: number;
  /** True when what is stored is what the source meant. */
  repaired: boolean;
  /** One sentence with the figures and an example. */
  message: string;
  /** The records concerned (the first few), for a note about records' fields rather than a document. */
  records?: { externalId: string; field: string; url: string }[];
}

/** What an importer observed while extracting: the raw material of business checks and incidents. */
export interface ExtractObserver {
  /** Text the source sent altered (entities, charset): optional, an observer that does not report may leave it out. */
  fidelity?(note: FidelityNote): void;
  /** A page or feed fetched, with a structure fingerprint for "the site changed" checks (html kinds). */
  page(info: { url: string; status: number; bytes: number; fingerprint?: string }): void;
  /** A declared selector evaluated on a page: `matched` = number of nodes it found. */
  selector(info: { field: string; selector: string; url: string; matched: number }): void;
  /**
   * The count of jobs a site shows ("42 offres"), when the import declares where (html kind `expectedCount`):
   * `count` null when the element or the number was not found. Optional, like `fidelity`.
   */
  expectedCount?(info: { url: string; selector: string; text: string; count: number | null }): void;
  /** Progress for heartbeats and the CLI. */
  progress(info: { pages: number; bytes: number; jobs: number }): void;
}

export interface ExtractContext {
  /** GET a document, honouring the fetch policy (timeouts, size, redirects, address guard, per-host concurrency). */
  fetch(url: string, init?: { headers?: Record<string, string>; accept?: string }): Promise<FetchedDocument>;
  /** GET a document as a stream of decoded text chunks, for feeds too large to hold (XML). */
  fetchStream(url: string, init?: { headers?: Record<string, string>; accept?: string }): Promise<{
    url: string;
    finalUrl: string;
    status: number;
    contentType: string | null;
    chunks: AsyncIterable<string>;
  }>;
  observe: ExtractObserver;
  signal: AbortSignal;
}

/**
 * An importer: one folder under importers/ per client site or generic ATS. A client on a known ATS
 * reuses the generic importer with its own configuration (stored in Postgres), no code.
 */
export interface ImporterDefinition<Config = unknown> {
  /** Unique, kebab-case: the folder name. */
  key: string;
  kind: ImportKind;
  /** One line for humans: what the source is and any quirk worth knowing. */
  description: string;
  /** Validates an import's configuration (source URLs, board token, per-import settings). */
  configSchema: z.ZodType<Config>;
  /** Cron expression (UTC) used when the import does not set its own. */
  defaultSchedule: string;
  /**
   * Yields every open job of the source. Returning normally means the listing is complete (the apply step may
   * then close jobs that disappeared); throwing means the run failed and nothing is applied.
   */
  extract(ctx: ExtractContext, config: Config): AsyncIterable<ExtractedJob>;
}

/**
 * What is known of an importer without its extraction code: the catalogue's entry (importers/catalogue.ts), read
 * by the API and tools that only check configurations or pick schedules.
 */
export type ImporterEntry<Config = unknown> = Omit<ImporterDefinition<Config>, 'extract'>;

/** Identity helper keeping the config type inferred from the schema (an importer's entry, in its `config.ts`). */
export function defineEntry<Config>(entry: ImporterEntry<Config>): ImporterEntry<Config> {
  return entry;
}

/** Identity helper keeping the config type inferred from the schema. */
export function defineImporter<Config>(definition: ImporterDefinition<Config>): ImporterDefinition<Config> {
  return definition;
}
