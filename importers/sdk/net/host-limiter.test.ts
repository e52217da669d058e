import { describe, expect, it } from 'vitest';
import { HostLimiter } from './host-limiter';

describe('HostLimiter', () => {
  it('queues beyond the limit per host, in order, and hosts do not share slots', async () => {
    const limiter = new HostLimiter(2);
    const order: string[] = [];
    const a1 = await limiter.acquire('a');
    const a2 = await limiter.acquire('a');
    const b1 = await limiter.acquire('b');
    const third = limiter.acquire('a').then((r) => (order.push('a3'), r));
    const fourth = limiter.acquire('a').then((r) => (order.push('a4'), r));
    await Promise.resolve();
    expect([order, limiter.active('a'), limiter.active('b')]).toEqual([[], 2, 1]);
    a1();
    a1(); // releasing twice frees one slot only
    const a3 = await third;
    expect(order).toEqual(['a3']);
    a2();
    const a4 = await fourth;
    expect(order).toEqual(['a3', 'a4']);
    a3();
    a4();
    b1();
    expect([limiter.active('a'), limiter.active('b')]).toEqual([0, 0]);
  });

  it('stops waiting when the signal aborts', async () => {
    const limiter = new HostLimiter(1);
    const held = await limiter.acquire('h');
    const controller = new AbortController();
    const waiting = limiter.acquire('h', controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    held();
    expect(limiter.active('h')).toBe(0);
  });

  it('rejects a non-positive limit', () => {
    expect(() => new HostLimiter(0)).toThrow('perHost must be a positive integer, got 0');
  });
});
