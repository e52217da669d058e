import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapOrdered } from './pages';

describe('mapOrdered', () => {
  it('yields in input order with at most `limit` calls in flight', async () => {
    let active = 0;
    let peak = 0;
    const delays = [50, 10, 30, 5, 20];
    const out: number[] = [];
    for await (const v of mapOrdered(delays, 2, async (ms) => {
      active++;
      peak = Math.max(peak, active);
      await sleep(ms);
      active--;
      return ms;
    })) {
      out.push(v);
    }
    expect(out).toEqual(delays);
    expect(peak).toBe(2);
  });

  it('rethrows a failure at its turn without an unhandled rejection', async () => {
    const out: string[] = [];
    const run = async (): Promise<void> => {
      for await (const v of mapOrdered(['a', 'boom', 'c'], 3, async (s) => {
        if (s === 'boom') throw new Error('boom failed');
        await sleep(10);
        return s;
      })) {
        out.push(v);
      }
    };
    await expect(run()).rejects.toThrow('boom failed');
    expect(out).toEqual(['a']);
  });
});
