// `npm run importer`: the CLI run as developers run it (a child process), against a real PostgreSQL.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { clients, importConfigs, imports, jobs } from '../db/schema';
import { multipostingXml } from '../importers/multiposting-xml';
import { registry } from '../importers/registry';
import { jobSchema, normaliseJob, type Job } from '../importers/sdk';
import { jobView } from '../db/job-view';
import { collect, serveFixtures, testContext } from '../importers/sdk/kinds/test-context';
import { withDatabase } from '../platform/database';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FEED = 'importers/multiposting-xml/fixtures/feed.xml';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command from the repository root; the parent's vitest variables are dropped so a nested vitest starts afresh. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'TEST'));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...inherited, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// A database of this file's own on the stack's server: other files write runs and jobs in parallel, and the
// "nothing written" proofs count every row of every table.
const scratchName = `liaison_importer_cli_${randomBytes(4).toString('hex')}`;
let adminUrl: string;
let databaseUrl: string;
let database: DatabaseHandle;

const importer = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/importer/main.ts', ...args], { DATABASE_URL: databaseUrl });

async function admin(statement: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const TABLES = ['clients', 'imports', 'import_configs', 'runs', 'run_records', 'jobs', 'job_changes', 'alerts'] as const;

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from ${database.sql(table)}`;
    counts[table] = row!.n;
  }
  return counts;
}

/** The lines of stdout from the line starting with `first` up to the next blank line. */
function section(stdout: string, first: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(first));
  if (start === -1) throw new Error(`no "${first}" in:\n${stdout}`);
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end);
}

const JOBS_TABLE = [
  'EXTERNAL ID     TITLE                                CITY     COUNTRY  CONTRACT, TIME  POSTED (UTC)',
  '--------------  -----------------------------------  -------  -------  --------------  ----------------',
  'GHCA-2024-0117  Réceptionniste de nuit (H/F)         Nice     FR       permanent       2024-03-11 08:15',
  'GHCA-2024-0121  Commis de cuisine – saison estivale  Antibes  FR       fixed_term      2024-03-08 14:00',
  'GHCA-2024-0098  Responsable revenue management       Monaco   MC       full_time       2024-03-06 10:30',
];

beforeAll(async () => {
  adminUrl = withDatabase(inject('stack').databaseUrl, 'postgres');
  databaseUrl = withDatabase(adminUrl, scratchName);
  await admin(`create database ${scratchName}`);
  await applyMigrations(databaseUrl);
  database = connectDatabase(databaseUrl, { max: 2 });
});

afterAll(async () => {
  await database?.close();
  await admin(`drop database if exists ${scratchName} with (force)`);
});

describe('importer new', () => {
  it('scaffolds one importer per kind whose generated tests pass as generated', { timeout: 180_000 }, async () => {
    const prefix = `zz-cli-test-${randomBytes(4).toString('hex')}`;
    const kinds = ['html', 'xml', 'json', 'jsonld'] as const;
    try {
      for (const kind of kinds) {
        const key = `${prefix}-${kind}`;
        const created = await importer('new', key, '--kind', kind);
        expect(created.stderr).toBe('');
        expect(created.code).toBe(0);
        const name = key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
        const extension = kind === 'xml' ? 'xml' : kind === 'json' ? 'json' : 'html';
        expect(created.stdout.split('\n').slice(0, 8)).toStrictEqual([
          `Created importers/${key}/ (kind ${kind}):`,
          `  importers/${key}/index.ts`,
          `  importers/${key}/fixtures/offres.${extension}`,
          `  importers/${key}/${key}.test.ts`,
          '',
          'Next steps:',
          '  1. Register it in importers/registry.ts (the worker and `importer try` only know registered importers):',
          `       import { ${name} } from './${key}';`,
        ]);
      }
      // vitest matches file filters as substrings: the prefix selects the four generated tests and nothing else.
      const tests = await run('npx', ['vitest', 'run', '--project', 'unit', '--reporter=json', `importers/${prefix}-`]);
      expect(tests.code, tests.stdout + tests.stderr).toBe(0);
      const report = JSON.parse(tests.stdout) as { numTotalTests: number; numPassedTests: number; testResults: { name: string; status: string }[] };
      expect(report.numTotalTests).toBe(4);
      expect(report.numPassedTests).toBe(4);
      expect(report.testResults.map((r) => [r.name.slice(ROOT.length), r.status]).sort()).toStrictEqual(
        kinds.map((kind) => [`importers/${prefix}-${kind}/${prefix}-${kind}.test.ts`, 'passed']).sort(),
      );

      const again = await importer('new', `${prefix}-html`, '--kind', 'html');
      expect(again).toStrictEqual({ code: 2, stdout: '', stderr: `✖ importers/${prefix}-html/ already exists: choose another key\n` });
    } finally {
      for (const kind of kinds) await rm(`${ROOT}importers/${prefix}-${kind}`, { recursive: true, force: true });
    }
  });

  it('refuses a registered key and a key that is not kebab-case, with exit code 2', async () => {
    expect(await importer('new', 'demo-careers', '--kind', 'html')).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: '✖ Importer key "demo-careers" is already registered in importers/registry.ts: choose another key\n',
    });
    expect(await importer('new', 'Acme_Careers', '--kind', 'xml')).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        '✖ Invalid importer key "Acme_Careers": use kebab-case (lower-case letters and digits in words joined by single ' +
        'hyphens, starting with a letter, at most 60 characters), e.g. acme-careers\n',
    });
  });
});

describe('importer try', () => {
  it('shows the jobs, the checks and "would create" for a feed, and writes nothing', async () => {
    const before = await rowCounts();
    const result = await importer('try', 'multiposting-xml', '--fixture', FEED);
    expect(result.code, result.stderr).toBe(0);
    expect(await rowCounts()).toStrictEqual(before);

    const served = /^Serving importers\/multiposting-xml\/fixtures\/feed\.xml at (http:\/\/127\.0\.0\.1:\d+\/feed\.xml)$/m.exec(result.stderr);
    expect(served).not.toBeNull();
    expect(section(result.stdout, 'Importer')).toStrictEqual([
      'Importer multiposting-xml (xml)',
      `Source   ${served![1]}`,
      'Against  a temporary import (staging, no jobs yet)',
      'Fetched  1 page, 2.6 KiB, 3 jobs',
    ]);
    expect(section(result.stdout, 'Jobs:')).toStrictEqual(['Jobs: 3 valid, 0 invalid', ...JOBS_TABLE]);
    const checks = section(result.stdout, 'Checks:');
    expect(checks[0]).toBe('Checks: passed');
    expect(checks.slice(3).map((line) => line.split(/\s+/).slice(0, 2))).toStrictEqual([
      ['pass', 'minimum_count'],
      ['skip', 'count_drop'],
      ['skip', 'field_coverage'],
      ['pass', 'invalid_ratio'],
      ['pass', 'duplicates'],
      ['skip', 'selectors'],
      ['skip', 'structure'],
      ['pass', 'http_errors'],
      ['pass', 'encoding'],
      ['skip', 'expected_count'],
    ]);
    expect(section(result.stdout, 'What a real run')).toStrictEqual([
      'What a real run would do:',
      '  would create 3',
      '  would update 0',
      '  would close 0',
      '  would reopen 0',
      '  unchanged 0',
    ]);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Nothing was written: the transaction was rolled back.');
  });

  it('diffs against an existing import: would update, close and reopen its jobs, and changes none of them', async () => {
    const hashes = await feedHashes();
    const feedUrl = 'https://flux.hotels-cotedazur.example/indeed.xml';
    const [client] = await database.db.insert(clients).values({ name: `Hôtels ${randomUUID()}` }).returning();
    const importId = randomUUID();
    await database.db.insert(imports).values({ id: importId, clientId: client!.id, name: 'Flux', kind: 'xml', sourceUrls: [feedUrl], requestedBy: 'am.claire' });
    await database.db.insert(importConfigs).values({ importId, environment: 'staging', importerKey: 'multiposting-xml', config: { feedUrl } });
    const job = (externalId: string, status: 'open' | 'closed', contentHash: string) => ({
      importId,
      environment: 'staging' as const,
      externalId,
      status,
      data: { externalId },
      contentHash,
      ...(status === 'closed' ? { closedAt: new Date('2024-03-01T00:00:00Z') } : {}),
    });
    await database.db.insert(jobs).values([
      job('GHCA-2024-0117', 'open', hashes.get('GHCA-2024-0117')!), // same content: unchanged
      job('GHCA-2024-0121', 'open', '0'.repeat(64)), // content changed since: update
      job('GHCA-2024-0098', 'closed', hashes.get('GHCA-2024-0098')!), // listed again: reopen
      job('GHCA-2023-0042', 'open', 'f'.repeat(64)), // gone from the feed: close
    ]);
    const snapshot = () =>
      database.db
        .select({ externalId: jobs.externalId, status: jobs.status, contentHash: jobs.contentHash, closedAt: jobs.closedAt, updatedAt: jobs.updatedAt })
        .from(jobs)
        .where(and(eq(jobs.importId, importId), eq(jobs.environment, 'staging')))
        .orderBy(jobs.externalId);
    const jobsBefore = await snapshot();
    const before = await rowCounts();

    const result = await importer('try', 'multiposting-xml', '--import', importId, '--env', 'staging', '--fixture', FEED);
    expect(result.code, result.stderr).toBe(0);
    expect(await rowCounts()).toStrictEqual(before);
    expect(await snapshot()).toStrictEqual(jobsBefore);

    expect(section(result.stdout, 'Importer')[2]).toBe(`Against  import ${importId} (staging: 3 open, 1 closed jobs)`);
    expect(section(result.stdout, 'Jobs:')).toStrictEqual(['Jobs: 3 valid, 0 invalid', ...JOBS_TABLE]);
    expect(section(result.stdout, 'What a real run')).toStrictEqual([
      'What a real run would do:',
      '  would create 0',
      '  would update 1',
      '  would close 1',
      '  would reopen 1',
      '  unchanged 1',
    ]);
  });

  it('refuses an import that does not exist, and an environment it has no configuration for, with exit code 2', async () => {
    const lastLine = (r: Result) => r.stderr.trimEnd().split('\n').at(-1);
    const missing = randomUUID();
    const absent = await importer('try', 'multiposting-xml', '--import', missing, '--fixture', FEED);
    expect([absent.code, absent.stdout, lastLine(absent)]).toEqual([2, '', `✖ Import ${missing} does not exist`]);

    const [client] = await database.db.insert(clients).values({ name: `Hôtels ${randomUUID()}` }).returning();
    const importId = randomUUID();
    await database.db.insert(imports).values({ id: importId, clientId: client!.id, name: 'Flux', kind: 'xml', sourceUrls: [], requestedBy: 'am.claire' });
    const bare = await importer('try', 'multiposting-xml', '--import', importId, '--fixture', FEED);
    expect([bare.code, lastLine(bare)]).toEqual([2, `✖ Import ${importId} has no staging configuration (it has none yet)`]);
    await database.db.insert(importConfigs).values({ importId, environment: 'staging', importerKey: 'multiposting-xml', config: { feedUrl: 'https://example.com/f.xml' } });
    const production = await importer('try', 'multiposting-xml', '--import', importId, '--env', 'production', '--fixture', FEED);
    expect([production.code, lastLine(production)]).toEqual([2, `✖ Import ${importId} has no production configuration (it has: staging; use --env)`]);
  });

  it('refuses an unknown importer (listing the known keys) and an invalid configuration (listing its fields) with exit code 2', async () => {
    const known = [...registry.keys()].sort().join(', ');
    expect(await importer('try', 'no-such-importer')).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `✖ Unknown importer "no-such-importer". Known importers: ${known}\n`,
    });
    expect(await importer('try', 'multiposting-xml', '--config', '{"feedUrl":"flux.xml"}')).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: '✖ Invalid configuration for importer "multiposting-xml": feedUrl: Invalid URL (fields: feedUrl, itemElement; give --url, --fixture or --config)\n',
    });
  });
});

describe('importer try --json and --show: what the importer really produced', () => {
  it('--json writes every normalised job as one JSON line on stdout, nothing else, and the report on stderr', async () => {
    const before = await rowCounts();
    const result = await importer('try', 'multiposting-xml', '--fixture', FEED, '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(await rowCounts()).toStrictEqual(before);
    const lines = result.stdout.trimEnd().split('\n');
    const jobs = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // Each line is a whole job that passes the SDK's own schema, as it would be stored.
    for (const job of jobs) expect(jobSchema.safeParse(job).success, JSON.stringify(job)).toBe(true);
    expect(jobs.map((j) => Object.keys(j)[0])).toEqual(['externalId', 'externalId', 'externalId']);
    // Exactly the jobs the SDK normalises from the feed, every field.
    expect(jobs).toEqual([...(await feedJobs()).values()]);
    expect(jobs.map((j) => [j.externalId, j.title])).toEqual([
      ['GHCA-2024-0117', 'Réceptionniste de nuit (H/F)'],
      ['GHCA-2024-0121', 'Commis de cuisine – saison estivale'],
      ['GHCA-2024-0098', 'Responsable revenue management'],
    ]);
    // Read through the one job reader, so this holds for either job shape.
    expect(jobView(jobs[0]!)).toMatchObject({
      locations: [{ city: 'Nice', region: "Provence-Alpes-Côte d'Azur", postalCode: '06000', country: 'FR', remote: false }],
      salary: { min: 23000, max: 26000, currency: 'EUR', period: 'year' },
      applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/receptionniste-de-nuit-nice?ref=GHCA-2024-0117',
      postedAt: '2024-03-11T08:15:00.000Z',
    });
    expect(jobView(jobs[2]!).locations).toEqual([expect.objectContaining({ city: 'Monaco', country: 'MC', remote: true })]);
    expect(result.stderr).toMatch(/^Jobs: 3 valid, 0 invalid$/m);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('Nothing was written: the transaction was rolled back.');
  });

  it('--show prints one job, every field, its description as text and as HTML; an unknown id is exit code 2', async () => {
    const result = await importer('try', 'multiposting-xml', '--fixture', FEED, '--show', 'GHCA-2024-0117');
    expect(result.code, result.stderr).toBe(0);
    const fields = Object.fromEntries(
      section(result.stdout, 'externalId').map((line) => {
        const [, key, value] = /^(\S+)\s+(.*)$/.exec(line)!;
        return [key, value];
      }),
    );
    expect(fields).toMatchObject({
      externalId: 'GHCA-2024-0117',
      title: 'Réceptionniste de nuit (H/F)',
      locations: "1. Nice, Provence-Alpes-Côte d'Azur, 06000, FR",
      department: 'Hébergement',
      salary: '23000–26000 EUR per year',
      applyUrl: 'https://carrieres.hotels-cotedazur.fr/offres/receptionniste-de-nuit-nice?ref=GHCA-2024-0117',
      postedAt: '2024-03-11T08:15:00.000Z',
      updatedAt: '-',
      contentHash: (await feedHashes()).get('GHCA-2024-0117'),
      sourceUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/feed\.xml$/),
    });
    expect(Object.keys(fields)).toEqual(['externalId', 'title', 'locations', 'contractType', 'workingTime', 'contractLabel', 'department', 'salary', 'salaryLabel', 'applyUrl', 'postedAt', 'updatedAt', 'contentHash', 'sourceUrl']);
    const [, text, html] = /\nDescription \(text\):\n([\s\S]*)\n\nDescription \(HTML, as stored\):\n([\s\S]*)\n$/.exec(result.stdout)!;
    expect(text!.split('\n').filter((l) => l !== '')).toEqual([
      'Accueil des clients de 23 h à 7 h, gestion des arrivées tardives et de la caisse.',
      '• Anglais courant',
      '• Logiciel Opera apprécié',
    ]);
    expect(html).toBe((await feedJobs()).get('GHCA-2024-0117')!.description);
    expect(html).toMatch(/^<p>Accueil des clients .*<\/p>\s*<ul><li>Anglais courant<\/li><li>Logiciel Opera apprécié<\/li><\/ul>$/);
    expect(result.stdout).not.toContain('Checks:');
    expect(result.stderr).toMatch(/^Checks: passed$/m);

    const unknown = await importer('try', 'multiposting-xml', '--fixture', FEED, '--show', 'GHCA-0000');
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr.trimEnd().split('\n').at(-1)).toBe('✖ --show GHCA-0000: no job with this external id among the 3 valid jobs (e.g. GHCA-2024-0117, GHCA-2024-0121, GHCA-2024-0098)');
    const both = await importer('try', 'multiposting-xml', '--fixture', FEED, '--json', '--show', 'GHCA-2024-0117');
    expect([both.code, both.stdout, both.stderr]).toEqual([2, '', '✖ Give --json or --show, not both\n']);
  });
});

/** Content hash of each job of the fixture feed, through the SDK as the importer produces them. */
async function feedHashes(): Promise<Map<string, string>> {
  return new Map([...(await feedJobs())].map(([id, job]) => [id, job.contentHash]));
}

/** Each job of the fixture feed, normalised by the SDK as the importer produces them, by external id. */
async function feedJobs(): Promise<Map<string, Job>> {
  const server = await serveFixtures({ '/feed.xml': { contentType: 'application/xml', body: { file: `${ROOT}${FEED}` } } });
  const ctx = testContext();
  try {
    const extracted = await collect(multipostingXml.extract(ctx, { feedUrl: `${server.origin}/feed.xml`, itemElement: 'job' }));
    return new Map(
      extracted.map(({ raw, sourceUrl }) => {
        const result = normaliseJob(raw, { baseUrl: sourceUrl });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return [result.job.externalId, result.job];
      }),
    );
  } finally {
    await ctx.close();
    await server.close();
  }
}
