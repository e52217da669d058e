import { mkdtempSync, rmSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compartmentBundle } from './bundle';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

describe('compartmentBundle', () => {
  // Its own root: the build goes to <root>/.data/cache/compartment, away from the cache other tests fork from.
  const root = mkdtempSync(path.join(tmpdir(), 'liaison-bundle-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds again when the bundle it handed out was pruned by another process', () => {
    const first = compartmentBundle(CHILD, root);
    expect(first).not.toBeNull();
    expect(existsSync(first!.bundle)).toBe(true);
    // Same code, same answer, no rebuild.
    expect(compartmentBundle(CHILD, root)).toEqual(first);

    unlinkSync(first!.bundle);
    const again = compartmentBundle(CHILD, root);
    expect(again).not.toBeNull();
    expect(existsSync(again!.bundle)).toBe(true);
    expect(existsSync(again!.boot)).toBe(true);
  }, 120_000);
});
