// `npm start` prints fresh keys of the demo team at each start: the ones an earlier start printed stop working.
import { inArray } from 'drizzle-orm';
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
});
