import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { drizzleCallLines, rawSqlLines, type SourceFile } from './graph';

const root = fileURLToPath(new URL('../..', import.meta.url));
const source = (path: string, lines: string[]): SourceFile => {
  const text = lines.join('\n');
  return { path, text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) };
};

describe('rawSqlLines', () => {
  it('counts postgres.js statements and unsafe(), not drizzle fragments', () => {
    const file = source('scripts/x.ts', [
      "import { sql as d } from 'drizzle-orm';",
      'await sql`select 1`;',
      'const where = d`select 2`;',
      "await sql.unsafe('vacuum');",
      'const label = tag`hello`;',
    ]);
    expect(rawSqlLines(file)).toEqual([2, 4]);
  });
});

describe('drizzleCallLines', () => {
  it('counts builder calls given a schema table, relational queries and execute(sql`…`)', () => {
    const file = source('scripts/x.ts', [
      "import { eq, sql } from 'drizzle-orm';",
      "import { apiKeys, jobs } from '../db/schema';",
      "import * as schema from '../db/schema';",
      'await db.select({ id: jobs.id })',
      '  .from(jobs)',
      '  .where(eq(jobs.id, 1));',
      'await tx.insert(apiKeys).values({});',
      'await db.update(schema.members).set({});',
      'await db.delete(jobs);',
      'await db.query.jobs.findMany();',
      'await db.execute(sql`select 1`);',
    ]);
    expect(drizzleCallLines(root, file)).toEqual([5, 7, 8, 9, 10, 11]);
  });

  it('leaves calls of the same names on other objects, and tables imported as types only', () => {
    const file = source('scripts/x.ts', [
      "import type { jobs } from '../db/schema';",
      "import { createHash } from 'node:crypto';",
      "createHash('sha256').update(text).digest('hex');",
      'seen.delete(key);',
      'Array.from(rows);',
      'handle.update((previous) => previous);',
      'const t = {} as typeof jobs;',
    ]);
    expect(drizzleCallLines(root, file)).toEqual([]);
  });
});
