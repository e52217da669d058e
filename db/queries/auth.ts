import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { apiKeys, imports, members, runs, sessions } from '../schema';

/** The member a key or a session acts as. */
export interface CallerRow {
  handle: typeof members.$inferSelect.handle;
  role: typeof members.$inferSelect.role;
  keyId: typeof apiKeys.$inferSelect.id;
}

/** The import a route acts on (its stage), and the run's environment when the route names a run. */
export interface ScopeRow {
  importId: typeof imports.$inferSelect.id;
  environment: typeof runs.$inferSelect.environment | null;
  stage: typeof imports.$inferSelect.stage;
}

/** The member a key belongs to, if the key exists, is not revoked and its member is active. */
export async function callerByKeyHash(db: Database, hash: string): Promise<CallerRow | null> {
  const [row] = await db
    .select({ handle: members.handle, role: members.role, keyId: apiKeys.id })
    .from(apiKeys)
    .innerJoin(members, eq(members.handle, apiKeys.member))
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt), isNull(members.deactivatedAt)))
    .limit(1);
  if (!row) return null;
  // Hourly granularity: enough to spot unused keys, without a write per request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, row.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 hour'`))));
  return row;
}

/** Opens a browser session for a key (the sign-in form): only the session id's hash is stored. */
export async function openSession(db: Database, keyId: string, hash: string, ttlMs: number): Promise<void> {
  await db.insert(sessions).values({ keyId, hash, expiresAt: new Date(Date.now() + ttlMs) });
}

/** The member a browser session acts as: the session neither expired nor signed out, its key still valid. */
export async function callerBySessionHash(db: Database, hash: string): Promise<CallerRow | null> {
  const [row] = await db
    .select({ handle: members.handle, role: members.role, keyId: apiKeys.id })
    .from(sessions)
    .innerJoin(apiKeys, eq(apiKeys.id, sessions.keyId))
    .innerJoin(members, eq(members.handle, apiKeys.member))
    .where(and(eq(sessions.hash, hash), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), isNull(apiKeys.revokedAt), isNull(members.deactivatedAt)))
    .limit(1);
  return row ?? null;
}

/** Signs a session out (idempotent). */
export async function revokeSession(db: Database, hash: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.hash, hash), isNull(sessions.revokedAt)));
}

export async function importScope(db: Database, importId: string): Promise<ScopeRow | null> {
  const [row] = await db.select({ importId: imports.id, stage: imports.stage }).from(imports).where(eq(imports.id, importId)).limit(1);
  return row ? { ...row, environment: null } : null;
}

export async function runScope(db: Database, runId: string): Promise<ScopeRow | null> {
  const [row] = await db
    .select({ importId: runs.importId, environment: runs.environment, stage: imports.stage })
    .from(runs)
    .innerJoin(imports, eq(imports.id, runs.importId))
    .where(eq(runs.id, runId))
    .limit(1);
  return row ?? null;
}
