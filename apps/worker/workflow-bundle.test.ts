import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { workflowSourceHash } from './workflow-bundle';

const root = fileURLToPath(new URL('../../', import.meta.url));
const copy = mkdtempSync(path.join(os.tmpdir(), 'liaison-bundle-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('workflow bundle cache key', () => {
  for (const dir of ['workflows', 'contracts']) cpSync(path.join(root, dir), path.join(copy, dir), { recursive: true });
  cpSync(path.join(root, 'package-lock.json'), path.join(copy, 'package-lock.json'));
  writeFileSync(path.join(copy, 'package.json'), '{"type":"module"}');

  it('is the same for the same sources, wherever they are', () => {
    expect(workflowSourceHash(copy)).toBe(workflowSourceHash(root));
  });

  it('changes when a file the workflows import changes, not when an unrelated one does', () => {
    const before = workflowSourceHash(copy);
    writeFileSync(path.join(copy, 'unrelated.ts'), 'export const x = 1;\n');
    expect(workflowSourceHash(copy)).toBe(before);
    appendFileSync(path.join(copy, 'contracts', 'task-queues.ts'), '\n// changed\n');
    expect(workflowSourceHash(copy)).not.toBe(before);
  });
});
