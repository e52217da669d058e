import { parseChecksConfig } from '../../../importers/sdk/checks-config';
import { evaluateChecks } from '../../../activities/checks/evaluate';
import type { GoodRun, RunFigures } from '../../../activities/checks/types';
import { createObserver } from '../../../activities/compartment/observer';
import { registry } from '../../../importers/registry';
import { createExtractContext, ImporterError, normaliseJob, RecordTextScan, type FetchPolicy, type Job } from '../../../importers/sdk';
import { BASELINE, MAIN_PATH, type Expected, type HostileCase, type Kind } from './cases';
import { serveHostile } from './serve';

/**
 * The corpus's fetch policy: production's rules with limits scaled for a test (seconds, not minutes). Private
 * addresses are allowed because the hostile sources live on 127.0.0.1; one case turns that off to see the guard.
 */
export const CORPUS_POLICY: Partial<FetchPolicy> = {
  allowPrivate: ['127.0.0.0/8', '::1'],
  connectTimeoutMs: 2_000,
  headersTimeoutMs: 2_000,
  bodyTimeoutMs: 2_000,
  totalTimeoutMs: 10_000,
  streamTimeoutMs: 10_000,
  throughputWindowMs: 500,
  minStreamBytesPerSecond: 1024,
};

const IMPORTER: Record<Kind, string> = { xml: 'multiposting-xml', json: 'greenhouse', jsonld: 'jsonld-site', html: 'html-site' };

function importerConfig(kind: Kind, origin: string): Record<string, unknown> {
  switch (kind) {
    case 'xml':
      return { feedUrl: `${origin}${MAIN_PATH.xml}` };
    case 'json':
      return { boardToken: 'acme', baseUrl: origin };
    case 'jsonld':
      return { listing: { urls: [`${origin}${MAIN_PATH.jsonld}`] } };
    case 'html':
      return {
        listUrls: [`${origin}${MAIN_PATH.html}`],
        item: 'li.job',
        fields: { externalId: { selector: 'a.title', attr: 'href', regex: '/offres/(\\d+)' }, title: 'a.title', city: '.city' },
      };
  }
}

/** Three good runs of BASELINE jobs: what the checks compare a run with (count drop needs a history). */
const HISTORY: GoodRun[] = ['good-3', 'good-2', 'good-1'].map((runId) => ({ runId, valid: BASELINE, fieldCoverage: {}, fingerprints: [] }));

export type Outcome = Expected & { message?: string };

export interface CaseResult {
  outcome: Outcome;
  ms: number;
  /** Bytes the source sent before the importer stopped reading. */
  sentBytes: number;
  /** Jobs a clean run would apply. */
  jobs: Job[];
}

/**
 * Runs one case as the compartment would — the registered importer, the production fetch client, normalisation —
 * then the run's business checks on the figures, in memory. The outcome is what the run would do: fail with the
 * error's stable type, be quarantined by its first failing check, or apply `clean` valid jobs.
 */
export async function runCase(c: HostileCase): Promise<CaseResult> {
  const server = await serveHostile(c.routes);
  const { observer, observations } = createObserver(() => undefined);
  const ctx = createExtractContext({ ...CORPUS_POLICY, ...c.policy }, observer);
  const importer = registry.get(IMPORTER[c.kind])!;
  const started = performance.now();
  const jobs: Job[] = [];
  const seen = new Map<string, number>();
  let records = 0;
  let invalid = 0;
  const recordText = new RecordTextScan();
  try {
    const config = importer.configSchema.parse({ ...importerConfig(c.kind, server.origin), ...c.config });
    for await (const item of importer.extract(ctx, config)) {
      records += 1;
      const result = normaliseJob(item.raw, { baseUrl: item.sourceUrl });
      if (!result.ok) {
        invalid += 1;
        continue;
      }
      jobs.push(result.job);
      recordText.add(result.job, item.sourceUrl);
      seen.set(result.job.externalId, (seen.get(result.job.externalId) ?? 0) + 1);
    }
  } catch (err) {
    // As the compartment reports it: an importer error by its stable type, anything else is the importer crashing.
    const type = err instanceof ImporterError ? err.type : 'ImporterCrashed';
    return finish({ error: type, message: err instanceof Error ? err.message : String(err) });
  } finally {
    await ctx.close();
  }
  const textNote = recordText.note();
  if (textNote) observer.fidelity?.(textNote);
  const pages = observations.pages;
  const figures: RunFigures = {
    records,
    valid: jobs.length,
    invalid,
    duplicates: [...seen].filter(([, n]) => n > 1).map(([externalId, count]) => ({ externalId, count })),
    fieldCoverage: {},
    pages,
    selectors: observations.selectors,
    fidelity: observations.fidelity ?? [],
    expectedCounts: observations.expectedCounts ?? [],
    httpErrors: pages.filter((p) => p.status >= 400).map((p) => ({ url: p.url, status: p.status, message: `HTTP ${p.status}` })),
  };
  const { passed, results } = evaluateChecks({ figures, history: HISTORY, config: parseChecksConfig({}) });
  const failing = results.filter((r) => r.status === 'fail');
  return finish(passed ? { clean: jobs.length } : { quarantine: failing.map((r) => r.check).join(','), message: failing.map((r) => r.message).join(' | ') });

  async function finish(outcome: Outcome): Promise<CaseResult> {
    const ms = performance.now() - started;
    const sentBytes = [...server.sent.values()].reduce((a, b) => a + b, 0);
    await server.close();
    return { outcome, ms, sentBytes, jobs: 'clean' in outcome ? jobs : [] };
  }
}
