// The hostile corpus (scripts/bench/hostile/cases.ts): every case ends as expected — a named error, a quarantine naming
// the failing check, or a clean parse — within a bounded time and reading a bounded part of a 300 MB source.
// A broken or empty source never comes out clean, so it can never be applied nor close a job.
import { describe, expect, it } from 'vitest';
import { CASES } from '../../scripts/bench/hostile/cases';
import { runCase } from '../../scripts/bench/hostile/run-case';

const HANG_GUARD_MS = 30_000;

describe('hostile corpus', () => {
  it('has at least 60 cases across the four kinds', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.kind))).toEqual(new Set(['xml', 'json', 'jsonld', 'html']));
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const result = await runCase(c);
    const { outcome } = result;
    if ('error' in c.expect) {
      expect(outcome).toMatchObject({ error: c.expect.error });
    } else if ('quarantine' in c.expect) {
      // Several checks may fail together (an empty run also drops the count): the named one must be among them.
      expect('quarantine' in outcome ? outcome.quarantine.split(',') : outcome).toContain(c.expect.quarantine);
      if (c.messageHas !== undefined) expect(outcome.message).toContain(c.messageHas);
    } else {
      expect(outcome).toEqual({ clean: c.expect.clean });
    }
    // Nothing but a clean parse would be applied.
    if (!('clean' in outcome)) expect(result.jobs).toEqual([]);
    // Bounded: never the whole of a 300 MB source, and no hang. The time bound is a hang guard (the unbounded
    // outcomes are the 30-minute compartment limit), wide enough for a loaded CI machine; each case's time and peak
    // RSS are measured by `npm run bench -- hostile`, not asserted here.
    expect(result.ms).toBeLessThan(HANG_GUARD_MS);
    expect(result.sentBytes).toBeLessThan(20 * 1024 * 1024);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
