import { describe, expect, it } from 'vitest';
import { check, goodRun, healthyFigures } from './testing';

const history = (...valids: number[]) => valids.map((valid, i) => goodRun(`run-${valids.length - i}`, valid));

describe('minimum_count', () => {
  it('passes with at least `min` valid jobs', () => {
    expect(check('minimum_count', healthyFigures({ records: 3, valid: 3, invalid: 0 }), [], { minimumCount: { min: 3 } })).toStrictEqual({
      check: 'minimum_count',
      status: 'pass',
      message: '3 valid jobs of 3 records, minimum 3',
      figures: { valid: 3, records: 3, min: 3 },
    });
  });

  it('fails below `min`', () => {
    expect(check('minimum_count', healthyFigures({ records: 3, valid: 2, invalid: 1 }), [], { minimumCount: { min: 3 } })).toStrictEqual({
      check: 'minimum_count',
      status: 'fail',
      message: '2 valid jobs of 3 records, minimum 3',
      figures: { valid: 2, records: 3, min: 3 },
    });
  });

  it('fails an empty run and names the escape hatch', () => {
    const result = check('minimum_count', healthyFigures({ records: 35, valid: 0, invalid: 35 }));
    expect(result.status).toBe('fail');
    expect(result.message).toBe('0 valid jobs of 35 records, minimum 1 (empty runs are not allowed for this import)');
  });

  it('passes an empty run when the import allows it, but not a small one', () => {
    const allowEmpty = { minimumCount: { allowEmpty: true, min: 5 } };
    const empty = check('minimum_count', healthyFigures({ records: 0, valid: 0 }), [], allowEmpty);
    expect(empty.status).toBe('pass');
    expect(empty.message).toBe('0 valid jobs of 0 records, accepted: this import allows empty runs');
    expect(check('minimum_count', healthyFigures({ records: 2, valid: 2 }), [], allowEmpty).status).toBe('fail');
  });
});

describe('count_drop', () => {
  it('fails a drop beyond the limit against the median of the last good runs', () => {
    const runs = history(140, 150, 130, 140, 138, 145, 141, 139, 142, 140, 9999); // the 11th is outside the window
    expect(check('count_drop', healthyFigures({ records: 12, valid: 12 }), runs)).toStrictEqual({
      check: 'count_drop',
      status: 'fail',
      message: '12 jobs, median of last 10 good runs 140 (−91 %, limit −50 %)',
      figures: { count: 12, median: 140, runs: 10, dropRatio: 0.9143, limit: 0.5 },
    });
  });

  it('passes a drop of exactly the limit, and rises', () => {
    expect(check('count_drop', healthyFigures({ valid: 70 }), history(140, 140, 140)).status).toBe('pass');
    expect(check('count_drop', healthyFigures({ valid: 150 }), history(140, 140, 140))).toStrictEqual({
      check: 'count_drop',
      status: 'pass',
      message: '150 jobs, median of last 3 good runs 140 (+7 %, limit −50 %)',
      figures: { count: 150, median: 140, runs: 3, dropRatio: -0.0714, limit: 0.5 },
    });
  });

  it('takes the mean of the two middle runs with an even history', () => {
    // median 95: 47 is a 50.5 % drop (fails), 48 a 49.5 % drop (passes).
    const runs = history(100, 10, 141, 90);
    expect(check('count_drop', healthyFigures({ valid: 47 }), runs).figures).toStrictEqual({ count: 47, median: 95, runs: 4, dropRatio: 0.5053, limit: 0.5 });
    expect(check('count_drop', healthyFigures({ valid: 47 }), runs).status).toBe('fail');
    expect(check('count_drop', healthyFigures({ valid: 48 }), runs).status).toBe('pass');
  });

  it('takes the middle run with an odd history, so one outlier does not move it', () => {
    expect(check('count_drop', healthyFigures({ valid: 40 }), history(10, 100, 1000)).figures).toMatchObject({ median: 100, dropRatio: 0.6 });
  });

  it('skips with fewer good runs than minHistory', () => {
    expect(check('count_drop', healthyFigures({ valid: 1 }), history(140, 140))).toStrictEqual({
      check: 'count_drop',
      status: 'skip',
      message: '2 good runs in history, 3 needed to compare counts',
      figures: { runs: 2, minHistory: 3 },
    });
  });
});

describe('invalid_ratio', () => {
  it('passes up to the limit', () => {
    expect(check('invalid_ratio', healthyFigures({ records: 120, valid: 108, invalid: 12 }))).toStrictEqual({
      check: 'invalid_ratio',
      status: 'pass',
      message: '12 of 120 records invalid (10 %, limit 10 %)',
      figures: { invalid: 12, records: 120, ratio: 0.1, max: 0.1 },
    });
  });

  it('fails above the limit', () => {
    expect(check('invalid_ratio', healthyFigures({ records: 120, valid: 105, invalid: 15 }))).toStrictEqual({
      check: 'invalid_ratio',
      status: 'fail',
      message: '15 of 120 records invalid (13 %, limit 10 %)',
      figures: { invalid: 15, records: 120, ratio: 0.125, max: 0.1 },
    });
  });

  it('fails one invalid record in a thousand with max 0, without calling it 0 %', () => {
    expect(check('invalid_ratio', healthyFigures({ records: 1000, valid: 999, invalid: 1 }), undefined, { invalidRatio: { max: 0 } }).message).toBe(
      '1 of 1000 records invalid (<1 %, limit 0 %)',
    );
  });

  it('skips a run without records', () => {
    expect(check('invalid_ratio', healthyFigures({ records: 0, valid: 0, invalid: 0 })).status).toBe('skip');
  });
});

describe('duplicates', () => {
  const numbers = (n: Partial<Record<string, number | string>> = {}) => ({
    duplicatedIds: 0,
    identicalIds: 0,
    mergedIds: 0,
    conflictingIds: 0,
    extraRecords: 0,
    max: 0,
    policy: 'quarantine',
    ...n,
  });

  it('passes without duplicated ids', () => {
    expect(check('duplicates', healthyFigures())).toStrictEqual({
      check: 'duplicates',
      status: 'pass',
      message: 'no external id appears more than once',
      figures: numbers(),
    });
  });

  it('counts records repeated identically or once per location as one job each, and passes', () => {
    const duplicates = [
      { externalId: 'A12', count: 15, kind: 'identical' as const },
      { externalId: 'B7', count: 2, kind: 'locations' as const },
    ];
    const duplicateTotals = { identical: 40, locations: 1, conflicts: 0, extraRecords: 561 };
    expect(check('duplicates', healthyFigures({ duplicates, duplicateTotals }))).toStrictEqual({
      check: 'duplicates',
      status: 'pass',
      message: '40 ids repeated identically, 1 id listed once per location, merged (561 extra records, one job each); no conflicting record',
      figures: numbers({ duplicatedIds: 41, identicalIds: 40, mergedIds: 1, extraRecords: 561 }),
      details: { ids: duplicates },
    });
  });

  it('fails on conflicting records with the ids, the fields that differ and both versions', () => {
    const versions: [unknown, unknown] = [{ title: 'Comptable' }, { title: 'Contrôleur de gestion' }];
    const duplicates = [
      { externalId: 'A12', count: 2, kind: 'conflict' as const, fields: ['title'], versions },
      { externalId: 'C1', count: 3, kind: 'identical' as const },
    ];
    const duplicateTotals = { identical: 1, locations: 0, conflicts: 1, extraRecords: 3 };
    expect(check('duplicates', healthyFigures({ duplicates, duplicateTotals }))).toStrictEqual({
      check: 'duplicates',
      status: 'fail',
      message: '1 external id has conflicting records: A12 (×2, differ in title); 1 id repeated identically (3 extra records, one job each)',
      figures: numbers({ duplicatedIds: 2, identicalIds: 1, conflictingIds: 1, extraRecords: 3 }),
      details: { ids: duplicates },
    });
  });

  it('applies the first version of a conflict under the "first" policy, warning with both versions', () => {
    const duplicates = [{ externalId: 'A12', count: 2, kind: 'conflict' as const, fields: ['salary', 'title'], versions: [{}, {}] as [unknown, unknown] }];
    const duplicateTotals = { identical: 0, locations: 0, conflicts: 1, extraRecords: 1 };
    const result = check('duplicates', healthyFigures({ duplicates, duplicateTotals }), undefined, { duplicates: { policy: 'first' } });
    expect(result.status).toBe('warn');
    expect(result.message).toBe('1 external id has conflicting records, the first read is applied (policy "first"): A12 (×2, differ in salary, title)');
    expect(result.details).toStrictEqual({ ids: duplicates });
  });

  it('reads figures stored before duplicates were told apart as conflicts; shortens long lists and caps details at 20', () => {
    const duplicates = Array.from({ length: 25 }, (_, i) => ({ externalId: `J${i}`, count: 2 }));
    const result = check('duplicates', healthyFigures({ duplicates }));
    expect(result.status).toBe('fail');
    expect(result.message).toBe('25 external ids have conflicting records: J0 (×2), J1 (×2), J2 (×2), J3 (×2), J4 (×2)…');
    expect((result.details as { ids: unknown[] }).ids).toHaveLength(20);
  });

  it('passes within a configured allowance, saying so', () => {
    const result = check('duplicates', healthyFigures({ duplicates: [{ externalId: 'A12', count: 2 }] }), undefined, { duplicates: { max: 1 } });
    expect(result.status).toBe('pass');
    expect(result.message).toBe('1 external id has conflicting records (limit 1): A12 (×2)');
  });
});
