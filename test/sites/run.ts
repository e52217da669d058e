import { createExtractContext, type ExtractedJob, type ExtractObserver, type FetchPolicy, type FieldError, type Job, normaliseJob } from '../../importers/sdk';
import { fetchSettingsFromEnv } from '../../platform/config';
import { importerFor, type ImporterKey } from './importers';

/**
 * Runs a real importer against the fixture sites the way an import run does: the configuration parsed by the
 * importer's schema, `extract` through the production fetch policy (the platform allowlist of FETCH_ALLOW_PRIVATE, which
 * vitest.config.ts sets to loopback: the sites live on 127.0.0.1), then `normaliseJob` on every record with the page it came from as base URL.
 */

export interface RunResult {
  extracted: ExtractedJob[];
  /** Records that normalised, in extraction order. */
  jobs: Job[];
  /** Records that did not, with every field error. */
  invalid: { externalId: string | null; errors: FieldError[] }[];
  /** Selector observations (html kinds): how many nodes each declared selector matched, page by page. */
  selectors: Parameters<ExtractObserver['selector']>[0][];
}

/** Tests fail in seconds, not after the production 60 s. */
export const TEST_POLICY: Partial<FetchPolicy> = { allowPrivate: fetchSettingsFromEnv().allowPrivate, totalTimeoutMs: 10_000 };

export async function runImporter(key: ImporterKey, config: unknown, policy: Partial<FetchPolicy> = {}): Promise<RunResult> {
  const importer = importerFor(key);
  const parsed = importer.configSchema.parse(config);
  const selectors: RunResult['selectors'] = [];
  const observer: ExtractObserver = { page: () => undefined, selector: (s) => selectors.push(s), progress: () => undefined };
  const ctx = createExtractContext({ ...TEST_POLICY, ...policy }, observer);
  const extracted: ExtractedJob[] = [];
  try {
    for await (const job of importer.extract(ctx, parsed)) extracted.push(job);
  } finally {
    await ctx.close();
  }
  const result: RunResult = { extracted, jobs: [], invalid: [], selectors };
  for (const { raw, sourceUrl } of extracted) {
    const normalised = normaliseJob(raw, { baseUrl: sourceUrl });
    if (normalised.ok) result.jobs.push(normalised.job);
    else result.invalid.push({ externalId: raw.externalId == null ? null : String(raw.externalId), errors: normalised.errors });
  }
  return result;
}

/** Runs the site's own importer with the site's configuration. */
export function runSite(site: { importerKey: ImporterKey; importerConfig(): unknown }, policy: Partial<FetchPolicy> = {}): Promise<RunResult> {
  return runImporter(site.importerKey, site.importerConfig(), policy);
}
