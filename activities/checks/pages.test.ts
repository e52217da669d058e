import { describe, expect, it } from 'vitest';
import { check, goodRun, healthyFigures, LIST_URL } from './testing';

const PAGE_2 = 'https://careers.example.com/jobs?page=2';
const selector = (field: string, css: string, matchedPages: number, pages = 3) => ({
  field,
  selector: css,
  pages,
  matchedPages,
  matches: matchedPages * 10,
  sampleUrl: LIST_URL,
});

describe('selectors', () => {
  it('passes when every selector matched somewhere, even on some pages only', () => {
    const figures = healthyFigures({ selectors: [selector('@item', '.job-card', 3), selector('department', '.dept', 1)] });
    expect(check('selectors', figures)).toStrictEqual({
      check: 'selectors',
      status: 'pass',
      message: 'every declared selector matched on at least one page (2 checked, 0 ignored)',
      figures: { selectors: 2, ignored: 0, empty: 0 },
    });
  });

  it('fails a selector that matched nothing, naming field, selector and a page', () => {
    const figures = healthyFigures({ selectors: [selector('@item', '.job-card', 3), selector('title', '.job-card h2', 0)] });
    expect(check('selectors', figures)).toStrictEqual({
      check: 'selectors',
      status: 'fail',
      message: `selector .job-card h2 (field title) matched nothing on 3 pages, e.g. ${LIST_URL}`,
      figures: { selectors: 2, ignored: 0, empty: 1 },
      details: { selectors: [{ field: 'title', selector: '.job-card h2', pages: 3, sampleUrl: LIST_URL }] },
    });
  });

  it('lists several empty selectors', () => {
    const figures = healthyFigures({ selectors: [selector('title', '.job-card h2', 0), selector('city', '.loc', 0), selector('department', '.dept', 0), selector('postedAt', 'time@datetime', 0)] });
    expect(check('selectors', figures).message).toBe(
      `4 selectors matched nothing on any page: .job-card h2 (field title), .loc (field city), .dept (field department)…, e.g. ${LIST_URL}`,
    );
  });

  it('ignores configured fields, the empty-listing marker and selectors never evaluated', () => {
    const figures = healthyFigures({
      selectors: [selector('title', '.job-card h2', 3), selector('department', '.dept', 0), selector('@empty', '.no-jobs', 0), selector('city', '.loc', 0, 0)],
    });
    const result = check('selectors', figures, undefined, { selectors: { ignore: ['department'] } });
    expect(result.status).toBe('pass');
    expect(result.figures).toStrictEqual({ selectors: 1, ignored: 2, empty: 0 });
  });

  it('skips importers without selectors', () => {
    expect(check('selectors', healthyFigures({ selectors: [] }))).toStrictEqual({
      check: 'selectors',
      status: 'skip',
      message: 'no declared selector was evaluated',
      figures: { selectors: 0, ignored: 0 },
    });
  });
});

describe('structure', () => {
  const page = (url: string, fingerprint: string) => ({ url, status: 200, bytes: 1000, fingerprint });

  it('passes when a page structure of the last good run is still there', () => {
    const figures = healthyFigures({ pages: [page(LIST_URL, 'fp-list'), page(PAGE_2, 'fp-new')] });
    expect(check('structure', figures)).toStrictEqual({
      check: 'structure',
      status: 'pass',
      message: '2 page structures in this run, 1 seen in the last good run run-3 (which had 1)',
      figures: { structures: 2, previous: 1, shared: 1, lastGoodRun: 'run-3' },
    });
  });

  it('warns (by default) when no structure was seen in the last good run', () => {
    const figures = healthyFigures({ pages: [page(LIST_URL, 'fp-redesign'), page(PAGE_2, 'fp-redesign')] });
    const history = [goodRun('run-9', 100, {}, ['fp-list', 'fp-detail']), goodRun('run-8', 100, {}, ['fp-redesign'])];
    expect(check('structure', figures, history)).toStrictEqual({
      check: 'structure',
      status: 'warn',
      message: `1 page structure in this run, none seen in the last good run run-9 (which had 2), e.g. ${LIST_URL}`,
      figures: { structures: 1, previous: 2, shared: 0, lastGoodRun: 'run-9' },
      details: { structures: [{ fingerprint: 'fp-redesign', pages: 2, sampleUrl: LIST_URL }] },
    });
    expect(check('structure', figures, history, { structure: { severity: 'fail' } }).status).toBe('fail');
  });

  it('skips without history or without fingerprints', () => {
    expect(check('structure', healthyFigures(), [])).toStrictEqual({
      check: 'structure',
      status: 'skip',
      message: 'no good run to compare page structures with',
      figures: {},
    });
    const unfingerprinted = healthyFigures({ pages: [{ url: LIST_URL, status: 200, bytes: 1000 }] });
    expect(check('structure', unfingerprinted).message).toBe('no structure fingerprint to compare (0 in this run, 1 in the last good run run-3)');
    expect(check('structure', unfingerprinted).status).toBe('skip');
  });
});

describe('http_errors', () => {
  const ok = (url: string) => ({ url, status: 200, bytes: 1000 });

  it('passes without failed requests', () => {
    expect(check('http_errors', healthyFigures({ pages: [ok(LIST_URL), ok(PAGE_2)] }))).toStrictEqual({
      check: 'http_errors',
      status: 'pass',
      message: '0 of 2 requests failed (0 %, limit 0 %)',
      figures: { errors: 0, requests: 2, ratio: 0, maxRatio: 0 },
    });
  });

  it('fails on reported errors and on fetched pages with status ≥ 400, counting a request reported both ways once', () => {
    const figures = healthyFigures({
      pages: [ok(LIST_URL), ok(PAGE_2), { url: 'https://careers.example.com/jobs/7', status: 404, bytes: 300 }, { url: 'https://careers.example.com/jobs/8', status: 503, bytes: 0 }],
      httpErrors: [
        { url: 'https://careers.example.com/jobs/8', status: 503, message: 'Service Unavailable' },
        { url: 'https://careers.example.com/jobs/9', status: null, message: 'socket hang up' },
      ],
    });
    expect(check('http_errors', figures)).toStrictEqual({
      check: 'http_errors',
      status: 'fail',
      message: '3 of 5 requests failed (60 %, limit 0 %), e.g. https://careers.example.com/jobs/8 (HTTP 503)',
      figures: { errors: 3, requests: 5, ratio: 0.6, maxRatio: 0 },
      details: {
        errors: [
          { url: 'https://careers.example.com/jobs/8', status: 503, message: 'Service Unavailable' },
          { url: 'https://careers.example.com/jobs/9', status: null, message: 'socket hang up' },
          { url: 'https://careers.example.com/jobs/7', status: 404, message: 'HTTP 404' },
        ],
      },
    });
  });

  it('passes errors within maxRatio, still pointing at one', () => {
    const pages = Array.from({ length: 39 }, (_, i) => ok(`https://careers.example.com/jobs/${i}`));
    const figures = healthyFigures({ pages, httpErrors: [{ url: 'https://careers.example.com/jobs/x', status: null, message: 'socket hang up' }] });
    const result = check('http_errors', figures, undefined, { httpErrors: { maxRatio: 0.05 } });
    expect(result.status).toBe('pass');
    expect(result.message).toBe('1 of 40 requests failed (3 %, limit 5 %), e.g. https://careers.example.com/jobs/x (socket hang up)');
  });

  it('skips a run that recorded no request', () => {
    expect(check('http_errors', healthyFigures({ pages: [] })).status).toBe('skip');
  });
});
