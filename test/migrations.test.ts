import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, MIGRATIONS_FOLDER } from '../db/migrate';
import { withDatabase } from '../platform/database';

const run = promisify(execFile);
const scratchName = `liaison_migrations_${Date.now().toString(36)}`;
let adminUrl: string;
let scratchUrl: string;

beforeAll(async () => {
  adminUrl = withDatabase(inject('stack').databaseUrl, 'postgres');
  scratchUrl = withDatabase(adminUrl, scratchName);
  await withSql(adminUrl, (sql) => sql.unsafe(`create database ${scratchName}`));
});

afterAll(async () => {
  await withSql(adminUrl, (sql) => sql.unsafe(`drop database if exists ${scratchName} with (force)`));
});

async function withSql<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe('migrations', () => {
  it('create every table on an empty database, and applying them again changes nothing', async () => {
    await applyMigrations(scratchUrl);
    const tables = await withSql(scratchUrl, (sql) => sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
    expect(tables.map((t) => t.table_name)).toEqual(['alerts', 'api_keys', 'audit_log', 'clients', 'deploy_snapshots', 'digests', 'dossier_incident_log', 'dossier_versions', 'feed_tokens', 'import_blockers', 'import_configs', 'import_decisions', 'import_mutes', 'import_plans', 'import_questions', 'import_versions', 'imports', 'incident_events', 'incident_notifications', 'incidents', 'job_changes', 'jobs', 'member_absences', 'members', 'notifications', 'preview_links', 'review_sheet_rows', 'run_records', 'runs', 'secrets', 'sessions']);

    const journal = JSON.parse(await fs.readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const applied = () => withSql(scratchUrl, (sql) => sql<{ hash: string; created_at: string }[]>`select hash, created_at from drizzle.__drizzle_migrations order by id`);
    const first = await applied();
    expect(first).toHaveLength(journal.entries.length);

    await withSql(scratchUrl, (sql) => sql`insert into clients (name) values ('kept across re-application')`);
    await applyMigrations(scratchUrl);
    expect(await applied()).toEqual(first);
    const kept = await withSql(scratchUrl, (sql) => sql`select name from clients`);
    expect(kept.map((r) => r.name)).toEqual(['kept across re-application']);
  });

  it('keep runs, jobs and their change log: deleting or truncating them is refused', async () => {
    await applyMigrations(scratchUrl);
    await withSql(scratchUrl, async (sql) => {
      for (const table of ['runs', 'jobs', 'job_changes']) {
        await expect(sql.unsafe(`delete from ${table}`)).rejects.toThrow(`rows of ${table} are history and are never deleted`);
        await expect(sql.unsafe(`truncate ${table} cascade`)).rejects.toThrow(`rows of ${table} are history and are never deleted`);
      }
      // run_records is a stage, not history: the extraction clears it on a retry.
      await sql`delete from run_records`;
    });
  });

  it('match the drizzle schema: generating from db/schema yields no new migration', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'liaison-migrations-'));
    try {
      await fs.cp(MIGRATIONS_FOLDER, out, { recursive: true });
      const before = (await fs.readdir(out)).sort();
      const root = path.resolve(MIGRATIONS_FOLDER, '..', '..');
      // drizzle-kit prefixes --out with './': it must be relative to the working directory.
      const { stdout, stderr } = await run('npx', ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', './db/schema/index.ts', '--out', path.relative(root, out)], {
        cwd: root,
      });
      expect(`${stdout}\n${stderr}`).toMatch(/No schema changes/);
      expect((await fs.readdir(out)).sort()).toEqual(before);
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
  });
});
