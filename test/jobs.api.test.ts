// The job database read through the real API: an import's jobs per environment (pages, filters) and one job with
// its change log, on rows of both job shapes (v1 `location`/`employmentType`, v2 `locations`/`contractType`).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_ROLES } from '../contracts';
import { TEAM } from './support/api';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ api: true });
let importId: string;
const ids = { baker: 0, seller: 0, closed: 0, staging: 0 };

const v1 = (title: string, description: string) => ({
  externalId: 'x',
  title,
  description,
  location: { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postalCode: '69002', country: 'FR', remote: false },
  employmentType: 'contract',
  department: 'Boulangerie',
  salary: { min: 1900, max: 2200, currency: 'EUR', period: 'month' },
  applyUrl: 'https://carrieres.example.fr/1',
  postedAt: '2026-11-02T08:00:00.000Z',
  updatedAt: null,
  contentHash: 'a'.repeat(64),
});
const v2 = (title: string) => ({
  externalId: 'y',
  title,
  description: '<p>Remise à 100% des frais</p>',
  locations: [
    { city: 'Paris', region: null, postalCode: null, country: 'FR', remote: false },
    { city: null, region: null, postalCode: null, country: 'FR', remote: true },
  ],
  contractType: 'permanent',
  workingTime: 'part_time',
  contractLabel: 'CDI temps partiel 24 h',
  department: null,
  salary: { min: 30000, max: null, currency: 'EUR', period: null },
  applyUrl: null,
  postedAt: null,
  updatedAt: null,
  contentHash: 'b'.repeat(64),
});

async function insertJob(externalId: string, data: Record<string, unknown>, options: { environment?: string; status?: string; updatedAt?: string } = {}) {
  const sql = stack.ctx.database.sql;
  const [row] = await sql<{ id: string }[]>`
    insert into jobs (import_id, environment, external_id, status, data, content_hash, created_at, updated_at, changed_at, closed_at)
    values (${importId}, ${options.environment ?? 'production'}, ${externalId}, ${options.status ?? 'open'}, ${JSON.stringify({ ...data, externalId })}::jsonb, ${'c'.repeat(64)},
      ${options.updatedAt ?? '2026-11-01T00:00:00Z'}, ${options.updatedAt ?? '2026-11-01T00:00:00Z'}, ${options.updatedAt ?? '2026-11-01T00:00:00Z'},
      ${options.status === 'closed' ? (options.updatedAt ?? '2026-11-01T00:00:00Z') : null})
    returning id`;
  return Number(row!.id);
}

beforeAll(async () => {
  importId = (await insertImport(stack.ctx)).id;
  ids.baker = await insertJob('B-1', v1('Boulanger (H/F)', '<p>Pains &amp; viennoiseries</p>'), { updatedAt: '2026-11-01T00:00:00Z' });
  ids.seller = await insertJob('S-2', v2('Vendeuse en boulangerie'), { updatedAt: '2026-11-20T10:00:00Z' });
  ids.closed = await insertJob('C-3', v1('Pâtissier', '<p>Entremets</p>'), { status: 'closed', updatedAt: '2026-11-25T10:00:00Z' });
  ids.staging = await insertJob('B-1', v1('Boulanger staging', ''), { environment: 'staging' });
});

const list = (query = '', env = 'production', as: (typeof TEAM)[keyof typeof TEAM] = TEAM.developer) => stack.api.call('GET', `/imports/${importId}/environments/${env}/jobs${query}`, undefined, as);

describe('GET /imports/:id/environments/:env/jobs', () => {
  it('lists the environment’s jobs in the v2 names, whichever shape they were stored in', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((j: any) => [j.id, j.externalId, j.status])).toEqual([
      [ids.baker, 'B-1', 'open'],
      [ids.seller, 'S-2', 'open'],
      [ids.closed, 'C-3', 'closed'],
    ]);
    expect(res.body.items[0]).toEqual({
      id: ids.baker,
      externalId: 'B-1',
      status: 'open',
      title: 'Boulanger (H/F)',
      description: '<p>Pains &amp; viennoiseries</p>',
      locations: [{ city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postalCode: '69002', country: 'FR', remote: false }],
      contractType: 'fixed_term',
      workingTime: null,
      contractLabel: null,
      department: 'Boulangerie',
      salary: { min: 1900, max: 2200, currency: 'EUR', period: 'month' },
      salaryLabel: null,
      applyUrl: 'https://carrieres.example.fr/1',
      postedAt: '2026-11-02T08:00:00.000Z',
      sourceUpdatedAt: null,
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      closedAt: null,
    });
    expect(res.body.items[1]).toMatchObject({ locations: v2('').locations, contractType: 'permanent', workingTime: 'part_time', contractLabel: 'CDI temps partiel 24 h', salary: { period: null } });
    expect(res.body.items[2]).toMatchObject({ status: 'closed', closedAt: '2026-11-25T10:00:00.000Z' });
    expect((await list('', 'staging')).body.items.map((j: any) => [j.id, j.title])).toEqual([[ids.staging, 'Boulanger staging']]);
  });

  it('pages with a cursor, and filters by status, change date and text', async () => {
    const first = await list('?limit=2');
    expect([first.body.items.map((j: any) => j.externalId), first.body.nextCursor]).toEqual([['B-1', 'S-2'], `j${ids.seller}`]);
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);
    expect([second.body.items.map((j: any) => j.externalId), second.body.nextCursor]).toEqual([['C-3'], null]);

    const externalIds = async (query: string) => (await list(query)).body.items.map((j: any) => j.externalId);
    expect(await externalIds('?status=open')).toEqual(['B-1', 'S-2']);
    expect(await externalIds('?status=closed')).toEqual(['C-3']);
    expect(await externalIds(`?changedSince=${encodeURIComponent('2026-11-20T11:00:00+01:00')}`)).toEqual(['S-2', 'C-3']);
    expect(await externalIds('?changedSince=2026-11-21T00:00:00Z&status=open')).toEqual([]);
    // A job set back to an earlier state with its earlier updated_at (a deploy compensation) has changed since.
    await stack.ctx.database.sql`update jobs set data = jsonb_set(data, '{department}', '"Fournil"'), updated_at = '2026-10-01T00:00:00Z' where id = ${ids.baker}`;
    expect(await externalIds('?changedSince=2026-11-21T00:00:00Z&status=open')).toEqual(['B-1']);
    await stack.ctx.database.sql`update jobs set data = jsonb_set(data, '{department}', '"Boulangerie"'), updated_at = '2026-11-01T00:00:00Z' where id = ${ids.baker}`;
    // Title and description, case-insensitive, accents as written; LIKE wildcards are literal.
    expect(await externalIds('?q=BOULANG')).toEqual(['B-1', 'S-2']);
    expect(await externalIds('?q=p%C3%A2tissier')).toEqual(['C-3']);
    expect(await externalIds('?q=viennoiseries')).toEqual(['B-1']);
    expect(await externalIds('?q=100%25')).toEqual(['S-2']);
    expect(await externalIds('?q=1_0')).toEqual([]);
  });

  it('answers 400 naming the parameter, 404 for an unknown import', async () => {
    const bad = async (query: string) => {
      const res = await list(query);
      return [res.status, res.body.error.message];
    };
    expect(await bad('?limit=500')).toEqual([400, expect.stringMatching(/^Invalid query: limit: .*200/)]);
    expect(await bad('?status=deleted')).toEqual([400, 'Invalid query: status: status must be "open" or "closed"']);
    expect(await bad('?changedSince=yesterday')).toEqual([400, expect.stringMatching(/^Invalid query: changedSince: changedSince must be an ISO 8601 date-time/)]);
    expect(await bad('?cursor=abc')).toEqual([400, 'Invalid query: cursor: cursor must be the nextCursor of a previous page']);
    expect(await bad('?sort=title')).toEqual([400, expect.stringMatching(/sort/)]);
    expect((await list('', 'preprod')).status).toBe(400);
    const unknown = await stack.api.call('GET', `/imports/${randomUUID()}/environments/production/jobs`, undefined, TEAM.ops);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'import_not_found']);
  });

  it('is read by every role, and by no one without a key', async () => {
    const as = { account_manager: TEAM.accountManager, developer: TEAM.developer, lead: TEAM.lead, ops: TEAM.ops } as const;
    for (const role of MEMBER_ROLES) {
      expect((await list('', 'production', as[role])).status).toBe(200);
      expect((await stack.api.call('GET', `/jobs/${ids.baker}`, undefined, as[role])).status).toBe(200);
    }
    expect((await stack.api.call('GET', `/imports/${importId}/environments/production/jobs`)).status).toBe(401);
    expect((await stack.api.call('GET', `/jobs/${ids.baker}`)).status).toBe(401);
  });
});

describe('GET /jobs/:id', () => {
  it('answers the job with its change log, newest first, naming the fields each update changed', async () => {
    const sql = stack.ctx.database.sql;
    const [run1, run2, run3] = [randomUUID(), randomUUID(), randomUUID()];
    const before = { ...v1('Boulanger', '<p>Pains &amp; viennoiseries</p>'), externalId: 'B-1', department: null };
    const state = (status: string, data?: unknown) => JSON.stringify({ status, ...(data ? { data } : {}), contentHash: 'c'.repeat(64), closedAt: null });
    await sql`insert into job_changes (run_id, job_id, op, before, after, at) values
      (${run1}, ${ids.baker}, 'create', null, ${state('open')}::jsonb, '2026-11-01T00:00:00Z'),
      (${run2}, ${ids.baker}, 'update', ${state('open', before)}::jsonb, ${state('open')}::jsonb, '2026-11-05T00:00:00Z'),
      (${run3}, ${ids.baker}, 'close', ${state('open')}::jsonb, ${state('closed')}::jsonb, '2026-11-06T00:00:00Z')`;
    await sql`update job_changes set reverted_at = '2026-11-07T00:00:00Z' where run_id = ${run3}`;

    const res = await stack.api.call('GET', `/jobs/${ids.baker}`, undefined, TEAM.accountManager);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids.baker, externalId: 'B-1', importId, environment: 'production', status: 'open', title: 'Boulanger (H/F)', contractType: 'fixed_term' });
    expect(res.body.changes.map((c: any) => [c.op, c.runId, c.at, c.revertedAt, c.statusBefore, c.statusAfter, c.changedFields])).toEqual([
      ['close', run3, '2026-11-06T00:00:00.000Z', '2026-11-07T00:00:00.000Z', 'open', 'closed', []],
      ['update', run2, '2026-11-05T00:00:00.000Z', null, 'open', 'open', ['title', 'department']],
      ['create', run1, '2026-11-01T00:00:00.000Z', null, null, 'open', []],
    ]);
  });

  it('answers 404 for an unknown job and 400 for an id that is not one', async () => {
    const unknown = await stack.api.call('GET', '/jobs/999999999', undefined, TEAM.ops);
    expect([unknown.status, unknown.body.error.code, unknown.body.error.message]).toEqual([404, 'job_not_found', 'No job with id 999999999']);
    const bad = await stack.api.call('GET', '/jobs/abc', undefined, TEAM.ops);
    expect([bad.status, bad.body.error.message]).toEqual([400, 'Invalid path: (root): job id must be a positive integer']);
  });
});
