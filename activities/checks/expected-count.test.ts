import { describe, expect, it } from 'vitest';
import { check, healthyFigures, LIST_URL } from './testing';

const shown = (count: number | null, text = `${count} offres`) => ({ url: LIST_URL, selector: '.total', text, count });

describe('expected_count', () => {
  it('skips when the import declares no count', () => {
    expect(check('expected_count', healthyFigures())).toMatchObject({ status: 'skip', message: 'the import declares no count shown by the site' });
  });

  it('passes when the jobs read are what the site shows, duplicates counted once', () => {
    const result = check('expected_count', healthyFigures({ records: 105, duplicateTotals: { identical: 5, locations: 0, conflicts: 0, extraRecords: 5 }, expectedCounts: [shown(100)] }));
    expect(result).toStrictEqual({
      check: 'expected_count',
      status: 'pass',
      message: '100 jobs read, as the site shows ("100 offres")',
      figures: { expected: 100, jobs: 100, difference: 0, tolerance: 0 },
      details: { counts: [shown(100)] },
    });
  });

  it('fails a silent undercount, and a count it cannot find; a tolerance allows a lagging counter', () => {
    const under = check('expected_count', healthyFigures({ expectedCounts: [shown(142)] }));
    expect(under.status).toBe('fail');
    expect(under.message).toBe('100 jobs read, the site shows 142 ("142 offres"): 42 missing');
    expect(check('expected_count', healthyFigures({ expectedCounts: [shown(101)] }), undefined, { expectedCount: { tolerance: 1 } }).status).toBe('pass');
    const lost = check('expected_count', healthyFigures({ expectedCounts: [shown(null, 'Nos offres')] }));
    expect(lost.status).toBe('fail');
    expect(lost.message).toBe(`the site's count was not found on 1 page: selector .total on ${LIST_URL} reads "Nos offres"`);
  });
});
