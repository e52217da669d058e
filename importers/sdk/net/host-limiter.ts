/**
 * At most N requests in flight per host, so one import never hammers a client's site (many run on small shared
 * hosting) and detail pages queue instead of opening dozens of sockets. Hosts with nothing in flight are
 * forgotten, so the map does not grow with every host ever seen.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(private readonly perHost: number) {
    if (!Number.isInteger(perHost) || perHost < 1) throw new RangeError(`perHost must be a positive integer, got ${perHost}`);
  }

  /** Waits for a slot on `host`; the returned function frees it (idempotent). */
  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, waiting: [] };
      this.hosts.set(host, state);
    }
    const entry = state;
    if (entry.active < this.perHost) {
      entry.active++;
    } else {
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          entry.waiting.splice(entry.waiting.indexOf(wake), 1);
          reject(signal?.reason);
        };
        entry.waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = entry.waiting.shift();
      // The slot passes straight to the next waiter: `active` stays the same.
      if (next) return next();
      entry.active--;
      if (entry.active === 0) this.hosts.delete(host);
    };
  }

  /** In-flight count for a host (tests and diagnostics). */
  active(host: string): number {
    return this.hosts.get(host)?.active ?? 0;
  }
}
