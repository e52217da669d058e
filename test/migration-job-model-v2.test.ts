import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, MIGRATIONS_FOLDER } from '../db/migrate';
import type { RawJob } from '../importers/sdk/definition';
import type { Job } from '../importers/sdk/job';
import { canonicalJson, contentHash, normaliseJob } from '../importers/sdk/normalise';
import { withDatabase } from '../platform/database';

// Migration 0017 (job model v2) on a database holding jobs of the old shape, written as the old normaliser stored
// them: `location` and `employmentType`, hashed over that shape.

const scratchName = `liaison_job_model_v2_${Date.now().toString(36)}`;
let adminUrl: string;
let scratchUrl: string;
let sql: postgres.Sql;

type OldJob = Record<string, unknown> & { contentHash: string };

/** The old shape of a new-shape job: its first place as `location`, the contract as the given employmentType. */
function oldShape(job: Job, employmentType: string | null): OldJob {
  const { locations, contractType: _c, workingTime: _w, contractLabel: _l, contentHash: _h, ...rest } = job;
  const content = { ...rest, location: locations[0], employmentType };
  return { ...content, contentHash: contentHash(content as never) };
}

function normalised(raw: RawJob): Job {
  const result = normaliseJob(raw, { defaultCountry: 'FR' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.job;
}

/** Records of an unchanged source that the old model could hold whole: one place, no contract wording. */
const FAITHFUL: RawJob[] = [
  {
    externalId: 'A-1',
    title: 'Boulanger·ère (H/F)',
    description: '<p>Pétrissage « à l’ancienne » &amp; fournil, 5 h – 13 h.</p><ul><li>Équipe de 4</li></ul>',
    location: { city: 'Lyon', postalCode: '69007', country: 'France' },
    department: 'Production',
    salary: { min: '1 900 €', max: '2 100 €', period: 'mois' },
    applyUrl: 'https://emplois.example.fr/offres/A-1?src=site&x="1"',
    postedAt: '2026-01-05',
  },
  { externalId: 'A-2', title: 'Vendeur "week-end" \\ caisse', location: { country: 'France', remote: true }, salary: { min: 12.5, currency: 'EUR', period: 'hour' } },
  { externalId: 'A-3', title: 'Livreur', description: 'Tournées 🚲 à Genève\u2028et Annemasse', location: { city: 'Genève', region: 'Genève', country: 'CH' } },
];

/** The old employmentType of a record with contract wording, and what the migration can make of it. */
const LOSSY: [RawJob, string, Pick<Job, 'contractType' | 'workingTime'>][] = [
  [{ externalId: 'B-1', title: 'Comptable', contractType: 'CDI' }, 'full_time', { contractType: null, workingTime: 'full_time' }],
  [{ externalId: 'B-2', title: 'Assistant(e) RH', contractType: 'CDD 8 mois' }, 'temporary', { contractType: 'fixed_term', workingTime: null }],
  [{ externalId: 'B-3', title: 'Serveur', contractType: 'Temps partiel' }, 'part_time', { contractType: null, workingTime: 'part_time' }],
  [{ externalId: 'B-4', title: 'Alternant(e)', contractType: 'Alternance' }, 'apprenticeship', { contractType: 'apprenticeship', workingTime: null }],
  [{ externalId: 'B-5', title: 'Consultant', contractType: 'Contract' }, 'contract', { contractType: 'fixed_term', workingTime: null }],
];

/** Strings JSON escapes differently from how they are stored: the SQL hash must escape them as JSON.stringify. */
const AWKWARD = 'quote " backslash \\ newline \n tab \t return \r control \u0001\u001f form \f bell \b slash / é 😀 \u2028 </script>';

let importId: string;
const runId = randomUUID();
const laterRunId = randomUUID();

beforeAll(async () => {
  adminUrl = withDatabase(inject('stack').databaseUrl, 'postgres');
  scratchUrl = withDatabase(adminUrl, scratchName);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${scratchName}`);
  await admin.end({ timeout: 5 });

  // The database as it was at 0016: the committed migrations with the journal cut before 0017.
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'liaison-0016-'));
  try {
    await fs.cp(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(await fs.readFile(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.idx < 17);
    expect(journal.entries.at(-1)?.tag).toBe('0016_browser_sessions');
    await fs.writeFile(journalFile, JSON.stringify(journal));
    const at0016 = postgres(scratchUrl, { max: 1, onnotice: () => {} });
    await migrate(drizzle(at0016), { migrationsFolder: folder });
    await at0016.end({ timeout: 5 });
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
  sql = postgres(scratchUrl, { max: 2, onnotice: () => {} });
  const [client] = await sql<{ id: string }[]>`insert into clients (name) values ('Boulangeries Martin') returning id`;
  importId = randomUUID();
  await sql`insert into imports (id, client_id, name, kind, source_urls, requested_by) values (${importId}, ${client!.id}, 'Carrières', 'html', ${sql.json(['https://emplois.example.fr'])}, 'am.claire')`;
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${scratchName} with (force)`);
  await admin.end({ timeout: 5 });
});

const insertJob = (job: OldJob, status = 'open') =>
  sql<{ id: number }[]>`
    insert into jobs (import_id, environment, external_id, status, data, content_hash, created_by_run, last_changed_by_run)
    values (${importId}, 'production', ${job.externalId as string}, ${status}, ${sql.json(job as never)}, ${job.contentHash}, ${runId}, ${runId})
    returning id`;

describe('migration 0017 (job model v2)', () => {
  it('converts every stored job, its change log and staged records, with the hashes the normaliser computes', async () => {
    const faithful = FAITHFUL.map(normalised);
    for (const job of faithful) await insertJob(oldShape(job, null));
    const lossy = LOSSY.map(([raw, old]) => ({ job: normalised(raw), old }));
    for (const { job, old } of lossy) await insertJob(oldShape(job, old), 'closed');
    // A row with the strings JSON escapes, and no location at all in its data.
    const awkwardContent = { ...oldShape(faithful[0]!, 'other'), externalId: 'C-1', title: AWKWARD, description: `<p>${AWKWARD}</p>`, department: AWKWARD };
    const { contentHash: _old, ...awkwardBody } = awkwardContent;
    const awkward = { ...awkwardBody, location: null, contentHash: contentHash(awkwardBody as never) };
    await insertJob(awkward as OldJob);

    // A-1 was updated by a later run (before: its previous title), then the later run closed B-1.
    const [a1] = await sql<{ id: number }[]>`select id from jobs where external_id = 'A-1'`;
    const previous = oldShape({ ...faithful[0]!, title: 'Boulanger (H/F)' }, null);
    const current = oldShape(faithful[0]!, null);
    await sql`insert into job_changes (run_id, job_id, op, before, after) values
      (${laterRunId}, ${a1!.id}, 'update',
        ${sql.json({ status: 'open', data: previous, contentHash: previous.contentHash, closedAt: null } as never)},
        ${sql.json({ status: 'open', contentHash: current.contentHash, closedAt: null })})`;
    const [b1] = await sql<{ id: number }[]>`select id from jobs where external_id = 'B-1'`;
    const b1Old = oldShape(lossy[0]!.job, 'full_time');
    await sql`insert into job_changes (run_id, job_id, op, before, after) values
      (${laterRunId}, ${b1!.id}, 'close', ${sql.json({ status: 'open', contentHash: b1Old.contentHash, closedAt: null })},
        ${sql.json({ status: 'closed', contentHash: b1Old.contentHash, closedAt: '2026-02-01T00:00:00.000Z' })})`;
    // A run staged before the migration (quarantined, say), applied after it.
    await sql`insert into runs (id, import_id, environment, workflow_id, importer_key, status) values
      (${runId}, ${importId}, 'production', ${`import-run:${importId}:production:1`}, 'demo-careers', 'quarantined')`;
    await sql`insert into run_records (run_id, seq, external_id, valid, job, content_hash) values
      (${runId}, 1, 'A-2', true, ${sql.json(oldShape(faithful[1]!, null) as never)}, ${oldShape(faithful[1]!, null).contentHash}),
      (${runId}, 2, null, false, null, null)`;
    const before = await sql<{ id: number; external_id: string; status: string }[]>`select id, external_id, status from jobs order by id`;

    await applyMigrations(scratchUrl);

    // No job lost, none added, none reopened or closed.
    expect(await sql`select id, external_id, status from jobs order by id`).toEqual(before);
    const rows = await sql<{ external_id: string; data: Record<string, unknown>; content_hash: string }[]>`select external_id, data, content_hash from jobs`;
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    for (const row of rows) {
      expect(row.data).not.toHaveProperty('location');
      expect(row.data).not.toHaveProperty('employmentType');
      // The hash of the stored data, computed the way the normaliser does, is the stored hash (twice).
      expect([row.external_id, row.content_hash, row.data.contentHash]).toEqual([row.external_id, contentHash(row.data as never), row.content_hash]);
    }

    // An unchanged source the old model held whole: the next run's jobs are exactly the stored ones, so 0 updates.
    for (const job of faithful) {
      const stored = byId.get(job.externalId)!;
      expect(stored.data).toEqual(job);
      expect(stored.content_hash).toBe(job.contentHash);
    }
    // Contract wordings the old rows lost: converted by the table; the next run restores the source's words.
    for (const [{ job, old }, [, , expected]] of lossy.map((l, i) => [l, LOSSY[i]!] as const)) {
      const stored = byId.get(job.externalId)!;
      expect([job.externalId, old, stored.data.contractType, stored.data.workingTime, stored.data.contractLabel]).toEqual([
        job.externalId,
        old,
        expected.contractType,
        expected.workingTime,
        null,
      ]);
      expect(stored.data.locations).toEqual(job.locations);
    }
    const c1 = byId.get('C-1')!;
    expect(c1.data).toMatchObject({ title: AWKWARD, department: AWKWARD, contractType: 'other', workingTime: null, contractLabel: null });
    expect(c1.data.locations).toEqual([{ city: null, region: null, postalCode: null, country: null, remote: false }]);
    expect(canonicalJson(c1.data)).toContain(JSON.stringify(AWKWARD));

    // The change log: a revert writes back new-shape data, with hashes that match it and the jobs'.
    const changes = await sql<{ op: string; before: any; after: any }[]>`select op, before, after from job_changes order by id`;
    expect(changes[0]!.before.data).toEqual({ ...faithful[0]!, title: 'Boulanger (H/F)', contentHash: changes[0]!.before.contentHash });
    expect(changes[0]!.before.contentHash).toBe(contentHash(changes[0]!.before.data));
    expect(changes[0]!.after.contentHash).toBe(byId.get('A-1')!.content_hash);
    expect(changes[1]).toMatchObject({ op: 'close', before: { contentHash: byId.get('B-1')!.content_hash }, after: { contentHash: byId.get('B-1')!.content_hash } });

    // Staged records: converted and rehashed; invalid ones untouched.
    const staged = await sql<{ seq: number; job: any; content_hash: string | null }[]>`select seq, job, content_hash from run_records order by seq`;
    expect(staged).toEqual([
      { seq: 1, job: faithful[1], content_hash: faithful[1]!.contentHash },
      { seq: 2, job: null, content_hash: null },
    ]);

    // Nothing of the migration stays behind, and a second application changes nothing.
    const helpers = ['liaison_job_v2', 'liaison_canonical', 'liaison_job_hash', 'liaison_job_rehashed', 'liaison_change_v2'];
    expect(await sql`select proname from pg_proc where proname in ${sql(helpers)}`).toEqual([]);
    const migrated = await sql`select id, data, content_hash from jobs order by id`;
    await applyMigrations(scratchUrl);
    expect(await sql`select id, data, content_hash from jobs order by id`).toEqual(migrated);
  });
});
