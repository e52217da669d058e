/**
 * The importer SDK's public API. The shipped importers and the compartment import the files behind it instead: this
 * index loads every kind (cheerio and parse5, the feed reader, the fetch stack), while a compartment, a fresh process
 * per extraction, loads only its run's importer and what that imports (importers/loaders.ts). An importer that
 * imports from here works the same; its runs only start slower.
 * Test helpers (testing/, kinds/test-context) are deliberately not exported: they must not reach production code.
 */
export { defineImporter } from './definition';
export type { ExtractContext, ExtractedJob, ExtractObserver, FetchedDocument, FidelityNote, ImporterDefinition, RawJob, RawLocation } from './definition';
export { CONTRACT_TYPES, jobSchema, locationSchema, salarySchema, WORKING_TIMES } from './job';
export type { ContractType, Job, JobLocation, Salary, WorkingTime } from './job';

export { canonicalJson, contentHash, jobJson, normaliseExtracted, normaliseJob } from './normalise';
export { RecordTextScan, recordMojibake } from './record-text-check';
export type { FieldError, NormaliseOptions, NormaliseResult } from './normalise';
export { parseDate } from './fields/dates';
export { toCountryCode } from './fields/countries';
export { readContract } from './fields/contract';
export type { ContractReading } from './fields/contract';
export { parseAmount, toCurrency, toPeriod } from './fields/salary';
export { sanitiseHtml } from './fields/sanitise';
export { cleanLabel, cleanOptional, cleanText } from './fields/text';

export {
  BodyTooLargeError,
  FetchTimeoutError,
  ForbiddenAddressError,
  HttpStatusError,
  ImporterError,
  InvalidDocumentError,
  isRetryable,
  ItemTooLargeError,
  LayoutChangedError,
  NetworkError,
  PageLimitError,
  SlowTransferError,
  TooManyRedirectsError,
} from './errors';
export type { ImporterErrorOptions } from './errors';

export { charsetFromContentType, decodeBuffer, decodeChunks, detectCharset, normaliseCharsetLabel } from './charset';
export { classify, createExtractContext, DEFAULT_FETCH_POLICY, PolicyFetcher } from './fetch';
export type { FetchInit, FetchPolicy } from './fetch';
export { createSourceRecord, revalidateSource } from './net/source-record';
export type { SourceDocument, SourceRecorder } from './net/source-record';
export { assertPublicUrl, createAddressGuard, isAllowlistEntry, isForbiddenAddress, specialRange } from './net/address-guard';
export { effectiveFetchPolicy, FETCH_POLICY_MAXIMA, fetchLimitsExceeded, IMPORT_FETCH_SETTINGS, maximumEnvName } from './fetch-limits';
export type { FetchLimitExceeded, FetchPolicyMaxima, ImportFetchSetting, PlatformFetchSettings } from './fetch-limits';

export { describeSpec, evaluateField, fieldMapSchema, fieldSpecSchema, RAW_FIELDS, toRawJob } from './kinds/fields';
export type { FieldMap, FieldSpec, FieldTransform, FieldValue, RawField } from './kinds/fields';
export { structureFingerprint } from './kinds/fingerprint';
export { extractHtml, htmlConfigSchema, htmlImporter, htmlScraperSchema, htmlSiteSchema } from './kinds/html';
export type { HtmlConfig, HtmlImporterOptions, HtmlScraper, HtmlScraperInput, HtmlSite } from './kinds/html';
export { extractJsonLd, jsonldConfigSchema, jsonldImporter } from './kinds/jsonld';
export type { JsonldConfig, JsonldConfigInput, JsonldImporterOptions } from './kinds/jsonld';
export { findJobPostings, parseLenientJson } from './kinds/jsonld-parse';

// The json and xml kinds (maintained alongside).
export * from './kinds/json';
export * from './kinds/xml';
