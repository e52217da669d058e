// The per-file stack of an integration test in one call: `useStack` registers the file's beforeAll/afterAll and
// returns the parts it started, readable inside hooks and tests:
//   const stack = useStack({ worker: true, sites: true, api: true });
//   it('…', async () => { await stack.api.call('GET', '/imports', undefined, TEAM.lead); });
// A file's own extra parts (a feed server, a browser, receivers) go in hooks registered after this call: vitest
// runs afterAll hooks in reverse ("stack" order), so they are closed before the stack they depend on.
import { afterAll, beforeAll } from 'vitest';
import { startClientSites, type ClientSites, type ClientSitesOptions } from '../../demo/sites/server';
import { startApi, type TestApi } from './api';
import { connectTestStack, startWorker, type TestContext } from './stack';

export type TestWorker = Awaited<ReturnType<typeof startWorker>>;

export interface StackOptions {
  /** The real worker on the file's task queue; an object passes its options to `startWorker`. */
  worker?: boolean | Parameters<typeof startWorker>[1];
  /** The fixture client sites; an object passes its options to `startClientSites`. */
  sites?: boolean | ClientSitesOptions;
  /** The REST API on the file's task queue. */
  api?: boolean;
}

export interface Stack {
  readonly ctx: TestContext;
  /** Settable: a test that stops the worker may start another one; the teardown stops whichever runs last. */
  worker: TestWorker;
  readonly sites: ClientSites;
  readonly api: TestApi;
}

type Part = keyof Stack;

/**
 * Starts the connection to the shared server and database, then the parts asked for (sites, worker, API) in
 * beforeAll; closes what was started in reverse order in afterAll. The teardown also runs after a failed start
 * (vitest calls afterAll when beforeAll throws) and skips the parts that never started, so no server leaks.
 */
export function useStack(options: StackOptions = {}): Stack {
  const started: { -readonly [P in Part]?: Stack[P] } = {};
  const wanted: Record<Part, boolean> = { ctx: true, worker: !!options.worker, sites: !!options.sites, api: !!options.api };
  const opts = <T extends object>(value: boolean | T | undefined): T | undefined => (typeof value === 'object' ? value : undefined);

  beforeAll(async () => {
    const ctx = (started.ctx = await connectTestStack());
    // Sites before the worker so that the reverse order stops the worker while the sites still answer.
    if (wanted.sites) started.sites = await startClientSites(opts(options.sites));
    if (wanted.worker) started.worker = await startWorker(ctx, opts(options.worker));
    if (wanted.api) started.api = await startApi(ctx);
  });

  afterAll(async () => {
    // Every part is closed even when an earlier close throws; the first error is reported afterwards.
    const errors: unknown[] = [];
    const closes = [() => started.api?.close(), () => started.worker?.stop(), () => started.sites?.close(), () => started.ctx?.close()];
    for (const close of closes) {
      try {
        await close();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'useStack: several parts failed to close');
  });

  const part = <P extends Part>(name: P): Stack[P] => {
    const value = started[name];
    if (value !== undefined) return value as Stack[P];
    throw new Error(
      wanted[name]
        ? `useStack: "${name}" is not started yet (read it inside a hook or a test, not while the file loads) or failed to start`
        : `useStack: "${name}" was not asked for (useStack({ ${name}: true }))`,
    );
  };
  return {
    get ctx() {
      return part('ctx');
    },
    get worker() {
      return part('worker');
    },
    set worker(worker: TestWorker) {
      started.worker = worker;
    },
    get sites() {
      return part('sites');
    },
    get api() {
      return part('api');
    },
  };
}
