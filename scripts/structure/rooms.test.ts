import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { drizzleCallLines, isTestFile, listSourceFiles, parseFiles, readImports, runtimeClosure } from './graph';
import { API_MUST_NOT_LOAD, roomViolations } from './rooms';

const root = fileURLToPath(new URL('../..', import.meta.url));
const files = parseFiles(root, listSourceFiles(root));
const edges = files.flatMap((f) => readImports(root, f));

describe('rooms (README "Where things are")', () => {
  it('every import of production code follows the rooms table', () => {
    expect(roomViolations(edges)).toEqual([]);
  });

  it('the API process loads neither the worker rooms nor the extraction code', () => {
    const loaded = [...runtimeClosure(['apps/api/main.ts'], edges)];
    expect(loaded).toContain('importers/catalogue.ts');
    expect(loaded.filter((p) => API_MUST_NOT_LOAD.some((re) => re.test(p)))).toEqual([]);
  });

  it('production code builds drizzle queries only in db/queries (raw SQL has reasons to stay outside: `npm run structure`)', () => {
    const outside = files.filter((f) => !isTestFile(f.path) && !f.path.startsWith('db/queries/'));
    expect(outside.flatMap((f) => drizzleCallLines(root, f).map((line) => `${f.path}:${line}`))).toEqual([]);
  });

  it('names what breaks the table', () => {
    const edge = (from: string, to: string, typeOnly = false) => ({ from, to, typeOnly, line: 1 });
    expect(
      roomViolations([
        edge('apps/api/runs/runs.service.ts', 'activities/runs/apply.ts'),
        edge('apps/api/runs/runs.service.ts', 'workflows/import-run.ts', true),
        edge('platform/config.ts', 'test/support/stack.ts'),
        edge('workflows/import-run.ts', 'activities/runs/apply.ts'),
        // Allowed: activities as types in workflows, anything from a test, a package.
        edge('workflows/import-run.ts', 'activities/runs/apply.ts', true),
        edge('importers/sdk/fetch.test.ts', 'test/support/stack.ts'),
        edge('apps/api/main.ts', '@nestjs/core'),
      ]),
    ).toEqual([
      expect.stringMatching(/^apps\/api\/runs\/runs\.service\.ts:1 → activities\/runs\/apply\.ts: apps\/api may import/),
      expect.stringMatching(/^apps\/api\/runs\/runs\.service\.ts:1 → workflows\/import-run\.ts \(type\)/),
      expect.stringMatching(/^platform\/config\.ts:1 → test\/support\/stack\.ts/),
      expect.stringMatching(/^workflows\/import-run\.ts:1 → activities\/runs\/apply\.ts: workflows may import contracts, activities \(types\)$/),
    ]);
  });
});
