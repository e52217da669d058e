import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FetchTimeoutError,
  HttpStatusError,
  InvalidDocumentError,
  LayoutChangedError,
  TruncatedFeedError,
} from '../../importers/sdk';
import { runSite } from './run';
import { type ClientSites, SITE_NAMES, startClientSites } from '../../demo/sites/server';

// What the real importers observe when a client site misbehaves. Some of these document gaps rather than
// wanted behaviour (they say so): a change in the importers should make them fail and be looked at.

let sites: ClientSites;
beforeAll(async () => {
  sites = await startClientSites();
});
afterEach(() => sites.reset());
afterAll(async () => {
  await sites.close();
});

/** The error a run ends with; fails the test when the run succeeds. */
async function failure(run: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await run;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('the run succeeded; an error was expected');
}

const ids = (run: Awaited<ReturnType<typeof runSite>>) => run.extracted.map((e) => String(e.raw.externalId));

describe('status', () => {
  it.each(SITE_NAMES)('%s: HTTP 500 on every request is a retryable HttpStatusError', async (name) => {
    sites.sites[name].setFault({ kind: 'status', status: 500 });
    const err = await failure(runSite(sites.sites[name]));
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 500, retryable: true, type: 'HttpStatus' });
    expect(sites.sites[name].requests.map((r) => r.status)).toEqual([500]);
  });

  it('onlyPath: page 2 answering 503 fails the whole run, with Retry-After', async () => {
    sites.sites.acme.setFault({ kind: 'status', status: 503, retryAfterSeconds: 120, onlyPath: '/emplois?page=2' });
    const err = await failure(runSite(sites.sites.acme));
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err).toMatchObject({ status: 503, retryable: true, retryAfterMs: 120_000, url: `${sites.sites.acme.url}/emplois?page=2` });
    expect(sites.sites.acme.requests.find((r) => r.path === '/acme/emplois')?.status).toBe(200);
  });

  it('onlyPath: one detail page answering 404 means that job closed', async () => {
    sites.sites.acme.setFault({ kind: 'status', status: 404, onlyPath: '/emploi/1003-developpeur-se-full-stack.html' });
    const run = await runSite(sites.sites.acme);
    expect(run.jobs).toHaveLength(24);
    expect(ids(run)).not.toContain('1003');
  });
});

describe('slow and hang', () => {
  it('a slow body within the limits still gives every job', async () => {
    sites.sites.acme.setFault({ kind: 'slow', delayMs: 20, onlyPath: '/emplois' });
    expect((await runSite(sites.sites.acme)).jobs).toHaveLength(25);
  });

  it('a body trickled past the total fetch timeout is a retryable FetchTimeoutError', async () => {
    sites.sites.acme.setFault({ kind: 'slow', delayMs: 150, onlyPath: '/emplois' });
    const err = await failure(runSite(sites.sites.acme, { totalTimeoutMs: 400 }));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err).toMatchObject({ retryable: true, message: `${sites.sites.acme.url}/emplois took longer than 400 ms` });
  });

  it('a streamed feed silent longer than the body timeout is a FetchTimeoutError', async () => {
    // Undici checks body timeouts on a ~0.5 s tick: the silence must outlast the limit by more than a second.
    sites.sites.feed.setFault({ kind: 'slow', delayMs: 2000, chunks: 2 });
    const err = await failure(runSite(sites.sites.feed, { bodyTimeoutMs: 200 }));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err.message).toContain('UND_ERR_BODY_TIMEOUT');
  });

  it('a site that never answers is a FetchTimeoutError, logged without status', async () => {
    sites.sites.greenhouse.setFault({ kind: 'hang' });
    const err = await failure(runSite(sites.sites.greenhouse, { headersTimeoutMs: 300 }));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err.message).toContain('UND_ERR_HEADERS_TIMEOUT');
    expect(sites.sites.greenhouse.requests.map((r) => r.status)).toEqual([null]);
  });
});

describe('changed-layout and maintenance', () => {
  it('html: the item selector matches nothing → LayoutChangedError, not retryable', async () => {
    sites.sites.acme.setFault({ kind: 'changed-layout' });
    const err = await failure(runSite(sites.sites.acme));
    expect(err).toBeInstanceOf(LayoutChangedError);
    expect(err).toMatchObject({ retryable: false, selector: 'section.liste-offres article.offre' });
  });

  it('jsonld: the link selector matches nothing → LayoutChangedError', async () => {
    sites.sites.jsonld.setFault({ kind: 'changed-layout' });
    expect(await failure(runSite(sites.sites.jsonld))).toMatchObject({ type: 'LayoutChanged', selector: 'a.offre-lien' });
  });

  it.each(['greenhouse', 'lever', 'workable', 'recruitee'] as const)('%s: renamed keys → InvalidDocumentError', async (name) => {
    sites.sites[name].setFault({ kind: 'changed-layout' });
    expect(await failure(runSite(sites.sites[name]))).toMatchObject({ type: 'InvalidDocument', retryable: false });
  });

  it('feed: items renamed <offer> give 0 jobs and no error (gap: an empty listing would close every job)', async () => {
    sites.sites.feed.setFault({ kind: 'changed-layout' });
    expect((await runSite(sites.sites.feed)).extracted).toEqual([]);
  });

  it('maintenance page: layout error for html, invalid document for JSON and XML', async () => {
    for (const name of SITE_NAMES) sites.sites[name].setFault({ kind: 'maintenance' });
    expect(await failure(runSite(sites.sites.acme))).toBeInstanceOf(LayoutChangedError);
    expect(await failure(runSite(sites.sites.jsonld))).toBeInstanceOf(LayoutChangedError);
    expect(await failure(runSite(sites.sites.greenhouse))).toBeInstanceOf(InvalidDocumentError);
    expect(await failure(runSite(sites.sites.feed))).toBeInstanceOf(InvalidDocumentError);
    expect(sites.requests.every((r) => r.status === 200)).toBe(true);
  });
});

describe('truncated', () => {
  it('feed: a retryable TruncatedFeedError, not a short list', async () => {
    sites.sites.feed.setFault({ kind: 'truncated' });
    expect(await failure(runSite(sites.sites.feed))).toBeInstanceOf(TruncatedFeedError);
    expect(await failure(runSite(sites.sites.feed))).toMatchObject({ type: 'TruncatedFeed', retryable: true });
  });

  it('JSON: InvalidDocumentError', async () => {
    sites.sites.lever.setFault({ kind: 'truncated', onlyPath: '/v0/postings/acme' });
    expect(await failure(runSite(sites.sites.lever))).toBeInstanceOf(InvalidDocumentError);
  });

  it('jsonld: the cut JSON-LD block is unreadable → InvalidDocumentError', async () => {
    sites.sites.jsonld.setFault({ kind: 'truncated', onlyPath: '/carrieres/1001' });
    expect(await failure(runSite(sites.sites.jsonld))).toBeInstanceOf(InvalidDocumentError);
  });

  it('html: a list page cut in half yields a SHORT list without error (gap: the next link is lost)', async () => {
    sites.sites.acme.setFault({ kind: 'truncated', onlyPath: '/emplois' });
    expect(ids(await runSite(sites.sites.acme))).toEqual(['1001', '1002', '1003', '1004', '1005']);
  });
});

describe('duplicates, drop and break-field', () => {
  it('duplicates: the JSON boards and the feed repeat the external id; html, jsonld and workable keep the first', async () => {
    for (const name of SITE_NAMES) sites.sites[name].setFault({ kind: 'duplicates' });
    for (const name of ['greenhouse', 'lever', 'recruitee', 'feed'] as const) {
      expect(ids(await runSite(sites.sites[name])).slice(0, 3)).toEqual(['1001', '1001', '1002']);
    }
    for (const name of ['acme', 'jsonld', 'workable'] as const) {
      expect(ids(await runSite(sites.sites[name])).slice(0, 2)).toEqual(['1001', '1002']);
    }
  });

  it('drop: only the first n jobs, and no error', async () => {
    sites.sites.acme.setFault({ kind: 'drop', keep: 3 });
    sites.sites.lever.setFault({ kind: 'drop', keep: 12 });
    expect(ids(await runSite(sites.sites.acme))).toEqual(['1001', '1002', '1003']);
    expect(await runSite(sites.sites.lever)).toMatchObject({ jobs: { length: 12 } });
  });

  it('break-field location on html: the city selector matches nothing, every city is null', async () => {
    sites.sites.acme.setFault({ kind: 'break-field', field: 'location' });
    const run = await runSite(sites.sites.acme);
    expect(run.jobs).toHaveLength(25);
    expect(run.jobs.filter((j) => j.locations.some((l) => l.city !== null))).toEqual([]);
    const city = run.selectors.filter((s) => s.field === 'city');
    expect(city).toHaveLength(25);
    expect(city.every((s) => s.matched === 0 && s.selector === '.offre__lieu')).toBe(true);
  });

  it('break-field location on JSON: Greenhouse refuses the document, Workable gives jobs without a place', async () => {
    sites.sites.greenhouse.setFault({ kind: 'break-field', field: 'location' });
    sites.sites.workable.setFault({ kind: 'break-field', field: 'location' });
    expect(await failure(runSite(sites.sites.greenhouse))).toBeInstanceOf(InvalidDocumentError);
    const workable = await runSite(sites.sites.workable);
    expect(workable.jobs[0]?.locations).toEqual([{ city: null, region: null, postalCode: null, country: null, remote: false }]);
  });

  it('break-field title on the feed: every record fails normalisation', async () => {
    sites.sites.feed.setFault({ kind: 'break-field', field: 'title' });
    const run = await runSite(sites.sites.feed);
    expect(run.jobs).toEqual([]);
    expect(run.invalid).toHaveLength(25);
    expect(run.invalid[0]).toEqual({ externalId: '1001', errors: [{ field: 'title', message: 'title is missing or blank' }] });
  });
});
