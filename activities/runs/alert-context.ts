import type { CheckResult } from '../checks/types';
import type { ExtractionFailure, Observations } from '../compartment/protocol';

export interface RunLinks {
  temporalUi: string;
  api: string | null;
}

/**
 * What a developer needs to start fixing a run without digging: the failing checks with their figures,
 * the URLs with their HTTP statuses, the selectors that stopped matching, a sample record and an excerpt
 * of the page. Credentials never appear: configs are not copied here.
 */
export function quarantineContext(input: {
  importerKey: string;
  results: CheckResult[];
  observations: Observations | null;
  sample: { job: unknown; raw: unknown; errors: unknown; sourceUrl: string | null } | null;
  links: RunLinks;
}) {
  const failing = input.results.filter((r) => r.status === 'fail');
  const brokenSelectors = (input.observations?.selectors ?? []).filter((s) => s.matches === 0);
  return {
    importer: input.importerKey,
    failingChecks: failing.map((r) => ({ check: r.check, message: r.message, figures: r.figures, details: r.details ?? null })),
    warnings: input.results.filter((r) => r.status === 'warn').map((r) => ({ check: r.check, message: r.message })),
    pages: pagesWithStatus(input.observations),
    brokenSelectors: brokenSelectors.map((s) => ({ field: s.field, selector: s.selector, pages: s.pages, sampleUrl: s.sampleUrl })),
    sample: input.sample,
    excerpt: input.observations?.excerpt ?? null,
    links: input.links,
  };
}

export function failureContext(input: { importerKey: string; failure: ExtractionFailure; observations: Observations | null; links: RunLinks }) {
  const { failure } = input;
  return {
    importer: input.importerKey,
    error: {
      type: failure.type,
      message: failure.message,
      retryable: failure.retryable,
      url: failure.url ?? null,
      status: failure.status ?? null,
      selector: failure.selector ?? null,
      stack: failure.stack ?? null,
    },
    pages: pagesWithStatus(input.observations),
    excerpt: input.observations?.excerpt ?? null,
    links: input.links,
  };
}

/** Failing pages first, then the first others: an alert shows at most 20. */
function pagesWithStatus(observations: Observations | null) {
  const pages = observations?.pages ?? [];
  const failing = pages.filter((p) => p.status >= 400);
  const rest = pages.filter((p) => p.status < 400);
  return [...failing, ...rest].slice(0, 20).map((p) => ({ url: p.url, status: p.status }));
}

/** One line for the alert list: what failed, with its figures. */
export function summarise(results: CheckResult[]): string {
  const failing = results.filter((r) => r.status === 'fail');
  return failing.map((r) => `${r.check}: ${r.message}`).join(' | ');
}
