import { describe, expect, it } from 'vitest';
import { check, goodRun, healthyFigures } from './testing';

const covered = (coverage: Record<string, number>, runs = 3) =>
  Array.from({ length: runs }, (_, i) => goodRun(`run-${runs - i}`, 100, coverage));

describe('field_coverage', () => {
  it('fails a field that fell more than maxDrop below its history median', () => {
    const figures = healthyFigures({ fieldCoverage: { title: 1 } }); // department no longer filled at all
    expect(check('field_coverage', figures, covered({ title: 1, department: 1 }))).toStrictEqual({
      check: 'field_coverage',
      status: 'fail',
      message: 'department: coverage 0 % (was 100 %, max drop 50 points)',
      figures: { fields: 2, violations: 1, maxDrop: 0.5, runs: 3 },
      details: { fields: [{ field: 'department', coverage: 0, minimum: null, was: 1, drop: 1 }] },
    });
  });

  it('passes falls within maxDrop, compared after rounding (0.8 → 0.3 is exactly 50 points)', () => {
    expect(check('field_coverage', healthyFigures({ fieldCoverage: { title: 1, department: 0.3 } }), covered({ title: 1, department: 0.8 }))).toStrictEqual({
      check: 'field_coverage',
      status: 'pass',
      message: 'coverage of 2 fields within limits (max drop 50 points from the median of last 3 good runs)',
      figures: { fields: 2, violations: 0, maxDrop: 0.5, runs: 3 },
    });
  });

  it('does not watch falls of fields sparse in history (median below 50 %)', () => {
    const result = check('field_coverage', healthyFigures({ fieldCoverage: { title: 1 } }), covered({ title: 1, 'salary.min': 0.4 }));
    expect(result.status).toBe('pass');
    expect(result.figures).toStrictEqual({ fields: 1, violations: 0, maxDrop: 0.5, runs: 3 });
  });

  it('applies explicit floors even without history', () => {
    const figures = healthyFigures({ fieldCoverage: { title: 1, 'locations.city': 0.25 } });
    expect(check('field_coverage', figures, [], { fieldCoverage: { minimums: { 'locations.city': 0.8 } } })).toStrictEqual({
      check: 'field_coverage',
      status: 'fail',
      message: 'locations.city: coverage 25 % (minimum 80 %)',
      figures: { fields: 1, violations: 1, maxDrop: 0.5, runs: 0 },
      details: { fields: [{ field: 'locations.city', coverage: 0.25, minimum: 0.8, was: null, drop: null }] },
    });
    expect(check('field_coverage', healthyFigures({ fieldCoverage: { 'locations.city': 0.9 } }), [], { fieldCoverage: { minimums: { 'locations.city': 0.8 } } }).message).toBe(
      'coverage of 1 field within limits (minimums only, 0 good runs in history)',
    );
  });

  it('names both reasons, and summarises beyond three fields', () => {
    const history = covered({ title: 1, department: 1, applyUrl: 1, postedAt: 1, 'locations.city': 0.9 });
    const figures = healthyFigures({ fieldCoverage: { title: 1, 'locations.city': 0.1 } });
    const result = check('field_coverage', figures, history, { fieldCoverage: { minimums: { 'locations.city': 0.5 } } });
    expect(result.message).toBe(
      'applyUrl: coverage 0 % (was 100 %, max drop 50 points); department: coverage 0 % (was 100 %, max drop 50 points); ' +
        'locations.city: coverage 10 % (minimum 50 %, was 90 %, max drop 50 points); and 1 more field',
    );
    expect(result.figures).toStrictEqual({ fields: 5, violations: 4, maxDrop: 0.5, runs: 3 });
  });

  it('skips without enough history and without floors', () => {
    expect(check('field_coverage', healthyFigures(), [])).toStrictEqual({
      check: 'field_coverage',
      status: 'skip',
      message: '0 good runs in history, 1 needed, and no coverage minimum configured',
      figures: { runs: 0, minHistory: 1 },
    });
  });

  it('uses the median over the window, ignoring older runs', () => {
    // The newest two runs had no department: over a window of 2 its median is 0 (not watched), over 5 it is 1.
    const history = [goodRun('run-4', 100, { department: 0 }), goodRun('run-3', 100, { department: 0 }), ...covered({ department: 1 }, 3)];
    const overrides = { countDrop: { window: 2, minHistory: 2 }, fieldCoverage: { minHistory: 2 } };
    expect(check('field_coverage', healthyFigures({ fieldCoverage: {} }), history, overrides).status).toBe('pass');
    expect(check('field_coverage', healthyFigures({ fieldCoverage: {} }), history, { ...overrides, countDrop: { window: 5, minHistory: 2 } }).figures).toMatchObject({
      violations: 1,
      runs: 5,
    });
  });
});
