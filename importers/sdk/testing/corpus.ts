import { afterAll, beforeAll } from 'vitest';
import type { Job } from '../job';
import { type FixtureRoute, type FixtureServer, serveFixtures, type TestContext, testContext } from '../kinds/test-context';

/**
 * For a describe block: a fixture server with `routes` and an extract context, opened before its tests and closed
 * after them. Read `server` and `ctx` inside the tests.
 */
export function useFixtures(routes: Record<string, FixtureRoute>): { readonly server: FixtureServer; readonly ctx: TestContext } {
  let server: FixtureServer | undefined;
  let ctx: TestContext | undefined;
  beforeAll(async () => {
    server = await serveFixtures(routes);
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx?.close();
    await server?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useFixtures: read server and ctx inside a test');
    return value;
  };
  return {
    get server() {
      return opened(server);
    },
    get ctx() {
      return opened(ctx);
    },
  };
}

/** A normalised job (hash aside) publishing only its id and title: one empty place, every other field null. */
export function bareJob(externalId: string, title: string): Omit<Job, 'contentHash'> {
  return {
    externalId,
    title,
    description: '',
    locations: [{ city: null, region: null, postalCode: null, country: null, remote: false }],
    contractType: null,
    workingTime: null,
    contractLabel: null,
    department: null,
    salary: null,
    applyUrl: null,
    postedAt: null,
    updatedAt: null,
  };
}

/** One expected entry of a job's `locations[]`: what is not given is null (remote: false). */
export function place(
  city: string | null,
  country: string | null,
  extra: { region?: string; postalCode?: string; remote?: boolean } = {},
): { city: string | null; region: string | null; postalCode: string | null; country: string | null; remote: boolean } {
  return { city, region: extra.region ?? null, postalCode: extra.postalCode ?? null, country, remote: extra.remote ?? false };
}
