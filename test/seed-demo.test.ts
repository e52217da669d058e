// The demo team's keys: without a keys file (a plain seed), each seed revokes the previous keys; with one (`npm
// start`'s data folder), a restart prints the same keys while they are valid, and fresh ones once one was revoked.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../apps/api/auth/keys';
import { apiKeys } from '../db/schema';
import { DEMO_TEAM, seedDemoTeam } from '../scripts/seed-demo';
import { useStack } from './support/use-stack';

const stack = useStack();

describe('demo team keys', () => {
  it('revokes the keys of the previous start and keeps the new ones', async () => {
    const first = await seedDemoTeam(stack.ctx.stack.databaseUrl);
    const second = await seedDemoTeam(stack.ctx.stack.databaseUrl);
    const handles = DEMO_TEAM.map((m) => m.handle);
    expect(Object.keys(second).sort()).toEqual([...handles].sort());

    const byHash = async (keys: Record<string, string>) => {
      const hashes = Object.values(keys).map(hashApiKey);
      const rows = await stack.ctx.database.db.select().from(apiKeys).where(inArray(apiKeys.hash, hashes));
      expect(rows).toHaveLength(handles.length);
      return rows;
    };
    expect((await byHash(first)).every((row) => row.revokedAt !== null)).toBe(true);
    expect((await byHash(second)).every((row) => row.revokedAt === null)).toBe(true);
  });

  it('keeps the keys of the same data folder across restarts, until one is revoked', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liaison-demo-keys-'));
    try {
      const keysFile = path.join(dir, 'demo-keys.json');
      const first = await seedDemoTeam(stack.ctx.stack.databaseUrl, { keysFile });
      expect((await stat(keysFile)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(keysFile, 'utf8'))).toEqual(first);
      const again = await seedDemoTeam(stack.ctx.stack.databaseUrl, { keysFile });
      expect(again).toEqual(first);
      const rows = await stack.ctx.database.db.select().from(apiKeys).where(inArray(apiKeys.hash, Object.values(first).map(hashApiKey)));
      expect(rows.every((row) => row.revokedAt === null)).toBe(true);

      await stack.ctx.database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.hash, hashApiKey(first['ops.demo']!)));
      const fresh = await seedDemoTeam(stack.ctx.stack.databaseUrl, { keysFile });
      expect(Object.values(fresh).some((key) => Object.values(first).includes(key))).toBe(false);
      expect(JSON.parse(await readFile(keysFile, 'utf8'))).toEqual(fresh);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
