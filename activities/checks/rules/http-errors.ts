import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count, percent } from '../format';
import { round4, share } from '../stats';
import type { CheckResult, RunFigures } from '../types';
import { cap, skipped, verdict } from './result';

interface FailedRequest {
  url: string;
  status: number | null;
  message: string;
}

/**
 * Requests that failed without failing the run (a detail page 500, a feed page refused): the run may be
 * missing jobs it would otherwise close.
 */
export function checkHttpErrors(figures: RunFigures, config: ChecksConfig['httpErrors']): CheckResult {
  // A page fetched with status ≥ 400 may also have been reported as an error: count that request once.
  const reported = new Set(figures.httpErrors.map((e) => `${e.status} ${e.url}`));
  const failedPages = figures.pages.filter((p) => p.status >= 400);
  const unreported = failedPages.filter((p) => !reported.has(`${p.status} ${p.url}`));
  const failed: FailedRequest[] = [...figures.httpErrors, ...unreported.map((p) => ({ url: p.url, status: p.status, message: `HTTP ${p.status}` }))];
  const requests = figures.pages.length + figures.httpErrors.length - (failedPages.length - unreported.length);
  if (requests === 0) return skipped('http_errors', 'no request recorded', { errors: 0, requests: 0 });

  const ratio = round4(share(failed.length, requests));
  const numbers = { errors: failed.length, requests, ratio, maxRatio: config.maxRatio };
  const summary = `${failed.length} of ${count(requests, 'request')} failed (${percent(ratio)}, limit ${percent(config.maxRatio)})`;
  const [first] = failed;
  if (first === undefined) return verdict('http_errors', false, config.severity, summary, numbers);
  const example = `${first.url} (${first.status === null ? first.message : `HTTP ${first.status}`})`;
  return verdict('http_errors', ratio > config.maxRatio, config.severity, `${summary}, e.g. ${example}`, numbers, { errors: cap(failed) });
}
