import { describe, expect, it } from 'vitest';
import { evaluate, goodRun, healthyFigures, healthyHistory, resultOf } from './testing';
import type { CheckName } from './types';

const ALL: CheckName[] = ['minimum_count', 'count_drop', 'field_coverage', 'invalid_ratio', 'duplicates', 'selectors', 'structure', 'http_errors', 'encoding', 'expected_count'];

describe('evaluateChecks', () => {
  it('passes a healthy run with one result per check, in a stable order', () => {
    const outcome = evaluate(healthyFigures());
    expect(outcome.passed).toBe(true);
    // expected_count has nothing to compare until an import declares the site's count.
    expect(outcome.results.map((r) => [r.check, r.status])).toStrictEqual(ALL.map((check) => [check, check === 'expected_count' ? 'skip' : 'pass']));
  });

  it('blocks a run as soon as one check fails, and reports every check', () => {
    const outcome = evaluate(healthyFigures({ duplicates: [{ externalId: 'A12', count: 2 }] }));
    expect(outcome.passed).toBe(false);
    expect(outcome.results.filter((r) => r.status === 'fail').map((r) => r.check)).toStrictEqual(['duplicates']);
    expect(outcome.results).toHaveLength(ALL.length);
  });

  it('does not block on a warning', () => {
    const outcome = evaluate(healthyFigures({ duplicates: [{ externalId: 'A12', count: 2 }] }), undefined, { duplicates: { severity: 'warn' } });
    expect(resultOf(outcome, 'duplicates').status).toBe('warn');
    expect(outcome.passed).toBe(true);
  });

  it('skips every check whose severity is off, even on a broken run', () => {
    const broken = healthyFigures({
      records: 10,
      valid: 0,
      invalid: 10,
      duplicates: [{ externalId: 'A12', count: 2 }],
      fieldCoverage: {},
      pages: [{ url: 'https://careers.example.com/jobs', status: 500, bytes: 0, fingerprint: 'fp-error' }],
      selectors: [{ field: 'title', selector: 'h2', pages: 1, matchedPages: 0, matches: 0, sampleUrl: 'https://careers.example.com/jobs' }],
    });
    expect(evaluate(broken).passed).toBe(false);
    const off = { severity: 'off' };
    const overrides = {
      minimumCount: off,
      countDrop: off,
      fieldCoverage: off,
      invalidRatio: off,
      duplicates: off,
      selectors: off,
      structure: off,
      httpErrors: off,
      encoding: off,
      expectedCount: off,
    };
    const outcome = evaluate(broken, healthyHistory(), overrides);
    expect(outcome.passed).toBe(true);
    for (const result of outcome.results) {
      expect(result).toStrictEqual({
        check: result.check,
        status: 'skip',
        message: 'disabled by this import\'s checks configuration (severity "off")',
        figures: {},
      });
    }
  });

  it('compares counts over the last `window` good runs only', () => {
    const history = [goodRun('run-5', 40), goodRun('run-4', 40), goodRun('run-3', 40), goodRun('run-2', 1000), goodRun('run-1', 1000)];
    const figures = healthyFigures({ records: 40, valid: 40 });
    expect(resultOf(evaluate(figures, history, { countDrop: { window: 3 } }), 'count_drop').figures).toMatchObject({ median: 40, runs: 3 });
    expect(resultOf(evaluate(figures, history, { countDrop: { window: 5 } }), 'count_drop').status).toBe('pass');
    expect(resultOf(evaluate(figures, [...history, goodRun('run-0', 1000)], { countDrop: { window: 6 } }), 'count_drop').status).toBe('fail');
  });
});
