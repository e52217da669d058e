// The client feed through the real stack: jobs imported by real runs (worker, Temporal, Postgres), a feed token
// created through the API, the feed read with fetch and its XML parsed with a real XML parser (saxes): 304s on
// ETag and Last-Modified, a revoked and an unknown token, titles with accents, `]]>` and `<`, and the `changes`
// cursor across two runs and across transactions committed out of order.
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM } from './support/api';
import { startFeedServer, type FeedJob } from './support/feed-server';
import { configuredImport, runToEnd } from './support/runs';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, api: true });
let main: Awaited<ReturnType<typeof startFeedServer>>;
let other: Awaited<ReturnType<typeof startFeedServer>>;

const TRICKY = 'Vendeur (bac < 3 ans) & conseil ]]> fin';
const FIRST: FeedJob[] = [
  { id: 'A1', title: 'Pâtissier·ère — crème brûlée', city: 'Montréal', description: '<p>Équipe de nuit, 35 h</p>' },
  { id: 'B2', title: TRICKY, city: 'Lyon' },
  { id: 'C3', title: 'Boulanger', city: 'Lyon' },
  { id: 'D4', title: 'Livreur', city: 'Paris' },
];
const SECOND: FeedJob[] = [FIRST[0]!, FIRST[1]!, { id: 'C3', title: 'Boulanger (H/F)', city: 'Lyon' }, { id: 'E5', title: 'Caissière', city: 'Nîmes' }];

let clientId: string;
let clientName: string;
let importId: string;
let token: string;
let tokenId: string;
const feedUrl = (path: string) => `${stack.api.base}/feeds/${token}/${path}`;

beforeAll(async () => {
  main = await startFeedServer(FIRST);
  other = await startFeedServer([{ id: 'Z9', title: 'Responsable de magasin', city: 'Genève' }]);
  const checks = { countDrop: { maxDropRatio: 0.9 } };
  const first = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: main.url }, checks });
  const second = await configuredImport(stack.ctx, { importerKey: 'multiposting-xml', config: { feedUrl: other.url }, checks });
  importId = first.id;
  clientId = first.clientId;
  // Both imports are the client's; the second's own client row is left unused.
  await stack.ctx.database.sql`update imports set client_id = ${clientId} where id = ${second.id}`;
  clientName = (await stack.ctx.database.sql<{ name: string }[]>`select name from clients where id = ${clientId}`)[0]!.name;
  expect((await runToEnd(stack.ctx, first.id)).counts).toMatchObject({ created: 4 });
  expect((await runToEnd(stack.ctx, second.id)).counts).toMatchObject({ created: 1 });
  // Not in the feed: the client's staging jobs, another client's production jobs.
  const stranger = await insertImport(stack.ctx);
  await stack.ctx.database.sql`insert into jobs (import_id, environment, external_id, status, data, content_hash) values
    (${importId}, 'staging', 'S1', 'open', ${JSON.stringify({ title: 'Staging only' })}::jsonb, 'x'),
    (${stranger.id}, 'production', 'X1', 'open', ${JSON.stringify({ title: 'Another client' })}::jsonb, 'x')`;
});

afterAll(async () => {
  await main?.close();
  await other?.close();
});

/** Every <job> of an XML feed, parsed by saxes: its child elements' text (CDATA included), `locations` as a list. */
function parseFeed(xml: string): { root: string; publisher: string; jobs: Record<string, string | Record<string, string>[]>[] } {
  const parser = new SaxesParser({ xmlns: false });
  const jobs: Record<string, string | Record<string, string>[]>[] = [];
  const path: string[] = [];
  let text = '';
  let publisher = '';
  let location: Record<string, string> | null = null;
  let root = '';
  // saxes keeps one handler per event.
  parser.on('opentag', (tag) => {
    root ||= tag.name;
    path.push(tag.name);
    text = '';
    if (tag.name === 'job') jobs.push({ locations: [] });
    if (tag.name === 'location') location = {};
  });
  // Whitespace between elements is layout; every value of the feed is in CDATA.
  parser.on('text', (t) => (text += t.trim() === '' ? '' : t));
  parser.on('cdata', (t) => (text += t));
  parser.on('closetag', (tag) => {
    path.pop();
    const job = jobs.at(-1);
    if (tag.name === 'publisher') publisher = text;
    else if (tag.name === 'location' && job && location) (job.locations as Record<string, string>[]).push(location);
    else if (location && path.at(-1) === 'location') location[tag.name] = text;
    else if (job && path.at(-1) === 'job' && tag.name !== 'locations') job[tag.name] = text;
    if (tag.name === 'location') location = null;
    text = '';
  });
  parser.write(xml).close();
  return { root, publisher, jobs };
}

describe('feed tokens', () => {
  it('are created by account management, lead or ops (not developers), shown once, listed without the token', async () => {
    expect((await stack.api.call('POST', `/clients/${clientId}/feed-tokens`, { label: 'site carrières' }, TEAM.developer)).status).toBe(403);
    const created = await stack.api.call('POST', `/clients/${clientId}/feed-tokens`, { label: 'site carrières' }, TEAM.accountManager);
    expect(created.status).toBe(201);
    token = created.body.token;
    tokenId = created.body.id;
    expect(token).toMatch(/^lif_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ clientId, label: 'site carrières', createdBy: TEAM.accountManager, revokedAt: null, paths: { json: `/feeds/${token}/jobs.json`, xml: `/feeds/${token}/jobs.xml` } });
    expect(created.body.urls.json).toBe(`${stack.api.base}/feeds/${token}/jobs.json`);
    const listed = await stack.api.call('GET', `/clients/${clientId}/feed-tokens`, undefined, TEAM.ops);
    expect(listed.body).toEqual([expect.objectContaining({ id: tokenId, label: 'site carrières', revokedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(token.slice(4));
    const stored = await stack.ctx.database.sql`select token_hash from feed_tokens where id = ${tokenId}`;
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const unknown = await stack.api.call('POST', '/clients/00000000-0000-4000-8000-000000000000/feed-tokens', {}, TEAM.lead);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'client_not_found']);
  });
});

describe('the client feed', () => {
  let etag: string;
  let lastModified: string;
  let cursor: string;

  it('serves the open production jobs of all the client’s imports as JSON, with validators and a changes cursor', async () => {
    const res = await fetch(feedUrl('jobs.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    etag = res.headers.get('etag')!;
    lastModified = res.headers.get('last-modified')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    const body = (await res.json()) as any;
    cursor = body.changesCursor;
    expect(body.client).toBe(clientName);
    expect(body.jobs.map((j: any) => [j.externalId, j.title, j.locations[0]?.city])).toEqual([
      ['A1', 'Pâtissier·ère — crème brûlée', 'Montréal'],
      ['B2', TRICKY, 'Lyon'],
      ['C3', 'Boulanger', 'Lyon'],
      ['D4', 'Livreur', 'Paris'],
      ['Z9', 'Responsable de magasin', 'Genève'],
    ]);
    expect(body.jobs[0]).toMatchObject({ status: 'open', description: '<p>Équipe de nuit, 35 h</p>', applyUrl: 'https://carrieres.example.fr/offres/A1', closedAt: null });
    expect(Object.keys(body.jobs[0])).toEqual(expect.arrayContaining(['id', 'locations', 'contractType', 'workingTime', 'contractLabel', 'createdAt', 'updatedAt']));
  });

  it('serves the same jobs as an Indeed-style XML a real parser reads back exactly', async () => {
    const res = await fetch(feedUrl('jobs.xml'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain(']]]]><![CDATA[>');
    const feed = parseFeed(xml);
    expect([feed.root, feed.publisher]).toEqual(['source', clientName]);
    expect(feed.jobs.map((j) => [j.referencenumber, j.title, j.city, j.country, j.company])).toEqual([
      ['A1', 'Pâtissier·ère — crème brûlée', 'Montréal', 'FR', clientName],
      ['B2', TRICKY, 'Lyon', 'FR', clientName],
      ['C3', 'Boulanger', 'Lyon', 'FR', clientName],
      ['D4', 'Livreur', 'Paris', 'FR', clientName],
      ['Z9', 'Responsable de magasin', 'Genève', 'FR', clientName],
    ]);
    expect(feed.jobs[0]).toMatchObject({ description: '<p>Équipe de nuit, 35 h</p>', url: 'https://carrieres.example.fr/offres/A1', locations: [{ city: 'Montréal', country: 'FR', remote: 'false' }] });
    expect(new Date(feed.jobs[0]!.date as string).toUTCString()).toBe(feed.jobs[0]!.date);
    expect(res.headers.get('last-modified')).toBe(lastModified);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and 200 to stale validators', async () => {
    const status = async (path: string, headers: Record<string, string>) => {
      const res = await fetch(feedUrl(path), { headers });
      return [res.status, res.status === 304 ? await res.text() : 'body'];
    };
    expect(await status('jobs.json', { 'if-none-match': etag })).toEqual([304, '']);
    expect(await status('jobs.json', { 'if-none-match': `"other", ${etag}` })).toEqual([304, '']);
    expect(await status('jobs.json', { 'if-modified-since': lastModified })).toEqual([304, '']);
    expect(await status('jobs.json', { 'if-none-match': '"other"' })).toEqual([200, 'body']);
    // If-None-Match wins over If-Modified-Since (RFC 9110).
    expect(await status('jobs.json', { 'if-none-match': '"other"', 'if-modified-since': lastModified })).toEqual([200, 'body']);
    expect(await status('jobs.json', { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).toEqual([200, 'body']);
    const xmlTag = (await fetch(feedUrl('jobs.xml'))).headers.get('etag')!;
    expect(xmlTag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await status('jobs.xml', { 'if-none-match': xmlTag })).toEqual([304, '']);
    const head = await fetch(feedUrl('jobs.xml'), { method: 'HEAD', headers: { 'if-none-match': xmlTag } });
    expect(head.status).toBe(304);
  });

  it('returns what the second run created, updated and closed after the cursor, then nothing; pages without loss', async () => {
    main.setJobs(SECOND);
    expect((await runToEnd(stack.ctx, importId)).counts).toMatchObject({ created: 1, updated: 1, closed: 1 });

    const changes = async (since: string, limit = 500) => {
      const res = await fetch(`${feedUrl('changes')}?since=${since}&limit=${limit}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { changes: { change: string; job: any }[]; nextCursor: string; hasMore: boolean };
    };
    const after = await changes(cursor);
    expect(after.hasMore).toBe(false);
    // In commit order: the two imports' runs may commit in either order, so compare as a set (by external id).
    const byExternalId = (a: unknown[], b: unknown[]) => String(a[1]).localeCompare(String(b[1]));
    expect(after.changes.map((c) => [c.change, c.job.externalId, c.job.title, c.job.status]).sort(byExternalId)).toEqual([
      ['updated', 'C3', 'Boulanger (H/F)', 'open'],
      ['closed', 'D4', 'Livreur', 'closed'],
      ['created', 'E5', 'Caissière', 'open'],
    ]);
    expect((await changes(after.nextCursor)).changes).toEqual([]);

    // One at a time: the same three, each once.
    const seen: string[] = [];
    let next = cursor;
    for (let page = 0; page < 6; page++) {
      const answer = await changes(next, 1);
      seen.push(...answer.changes.map((c) => `${c.change} ${c.job.externalId}`));
      next = answer.nextCursor;
      if (!answer.hasMore) break;
    }
    expect(seen).toEqual(after.changes.map((c) => `${c.change} ${c.job.externalId}`));
    expect([...seen].sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!))).toEqual(['updated C3', 'closed D4', 'created E5']);

    // The feed moved on: the old validators no longer match.
    const res = await fetch(feedUrl('jobs.json'), { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).jobs.map((j: any) => j.externalId)).toEqual(['A1', 'B2', 'C3', 'E5', 'Z9']);
  });

  it('misses no change committed out of order: a transaction still open at a read is returned once it commits', async () => {
    const sql = stack.ctx.database.sql;
    const start = ((await (await fetch(feedUrl('jobs.json'))).json()) as any).changesCursor as string;
    const ids = Object.fromEntries((await sql<{ id: string; external_id: string }[]>`select id, external_id from jobs where import_id = ${importId} and environment = 'production'`).map((r) => [r.external_id, Number(r.id)]));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let updated!: () => void;
    const hasUpdated = new Promise<void>((resolve) => (updated = resolve));
    // The slow transaction takes its id first, then a quick one commits before it.
    const slow = sql.begin(async (tx) => {
      await tx`update jobs set data = jsonb_set(data, '{title}', '"Pâtissier (nuit)"') where id = ${ids.A1!}`;
      updated();
      await gate;
    });
    await hasUpdated;
    await sql`update jobs set data = jsonb_set(data, '{title}', '"Vendeur"') where id = ${ids.B2!}`;

    const read = async (since: string) => ((await (await fetch(`${feedUrl('changes')}?since=${since}`)).json()) as any) as { changes: { job: any }[]; nextCursor: string };
    const first = await read(start);
    expect(first.changes.map((c) => [c.job.externalId, c.job.title])).toEqual([['B2', 'Vendeur']]);
    release();
    await slow;
    const second = await read(first.nextCursor);
    expect(second.changes.map((c) => [c.job.externalId, c.job.title])).toEqual([['A1', 'Pâtissier (nuit)']]);
    expect((await read(second.nextCursor)).changes).toEqual([]);
  });

  it('moves Last-Modified on when a job is set back to an earlier state with its earlier updated_at (a deploy compensation)', async () => {
    const sql = stack.ctx.database.sql;
    const before = await fetch(feedUrl('jobs.json'));
    const modified = before.headers.get('last-modified')!;
    // One second later at least: HTTP dates count seconds.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sql`update jobs set data = jsonb_set(data, '{title}', '"Boulanger"'), updated_at = '2024-01-01T00:00:00Z'
      where import_id = ${importId} and environment = 'production' and external_id = 'C3'`;
    const after = await fetch(feedUrl('jobs.json'), { headers: { 'if-modified-since': modified } });
    expect(after.status).toBe(200);
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(modified));
  });

  it('is documented in OpenAPI: token routes with their roles, the feed routes public', async () => {
    const doc = (await (await fetch(`${stack.api.base}/docs/openapi.json`)).json()) as any;
    expect(doc.paths['/clients/{clientId}/feed-tokens'].post.description).toMatch(/\*\*Access\*\* — Roles: account_manager, lead, ops\./);
    expect(doc.paths['/clients/{clientId}/feed-tokens/{tokenId}'].delete).toBeDefined();
    for (const path of ['/feeds/{token}/jobs.json', '/feeds/{token}/jobs.xml', '/feeds/{token}/changes']) {
      expect(doc.paths[path].get.security, path).toEqual([]);
    }
    expect(doc.paths['/feeds/{token}/changes'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['token', 'since', 'limit']));
    expect(doc.paths['/imports/{id}/environments/{env}/jobs'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['status', 'changedSince', 'q', 'limit', 'cursor']));
    expect(doc.paths['/jobs/{id}'].get.description).toMatch(/Roles: account_manager, developer, lead, ops/);
  });

  it('refuses a cursor it did not write, naming where to get one', async () => {
    for (const since of ['abc', Buffer.from('v1|1:2:x').toString('base64url'), '']) {
      const res = await fetch(`${feedUrl('changes')}?since=${since}`);
      const body = (await res.json()) as any;
      expect([res.status, body.error.message]).toEqual([400, expect.stringMatching(/since/)]);
    }
    expect((await fetch(feedUrl('changes'))).status).toBe(400);
  });

  it('stops answering once its token is revoked (401), and answers 404 to an unknown token', async () => {
    expect((await stack.api.call('DELETE', `/clients/${clientId}/feed-tokens/${tokenId}`, undefined, TEAM.developer)).status).toBe(403);
    const revoked = await stack.api.call('DELETE', `/clients/${clientId}/feed-tokens/${tokenId}`, undefined, TEAM.lead);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: tokenId, revokedAt: expect.any(String), revokedBy: TEAM.lead });
    for (const path of ['jobs.json', 'jobs.xml', `changes?since=${cursor}`]) {
      const res = await fetch(feedUrl(path));
      expect([res.status, ((await res.json()) as any).error.code]).toEqual([401, 'feed_token_revoked']);
    }
    const unknown = await fetch(`${stack.api.base}/feeds/lif_${'a'.repeat(43)}/jobs.xml`);
    expect([unknown.status, ((await unknown.json()) as any).error.code]).toEqual([404, 'unknown_feed_token']);
    expect((await fetch(`${stack.api.base}/feeds/not-a-token/jobs.json`)).status).toBe(404);
    expect((await stack.api.call('DELETE', `/clients/${clientId}/feed-tokens/00000000-0000-4000-8000-000000000000`, undefined, TEAM.lead)).status).toBe(404);
  });
});
