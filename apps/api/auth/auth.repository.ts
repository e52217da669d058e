import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { apiKeys, imports, members, runs, sessions } from '../../../db/schema';
import { DATABASE } from '../common/tokens';
import type { Caller, RequestScope } from './member';

@Injectable()
export class AuthRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The member a key belongs to, if the key exists, is not revoked and its member is active. */
  async callerByKeyHash(hash: string): Promise<Caller | null> {
    const [row] = await this.db
      .select({ handle: members.handle, role: members.role, keyId: apiKeys.id })
      .from(apiKeys)
      .innerJoin(members, eq(members.handle, apiKeys.member))
      .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt), isNull(members.deactivatedAt)))
      .limit(1);
    if (!row) return null;
    // Hourly granularity: enough to spot unused keys, without a write per request.
    await this.db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 hour'`))));
    return row;
  }

  /** Opens a browser session for a key (the sign-in form): only the session id's hash is stored. */
  async openSession(keyId: string, hash: string, ttlMs: number): Promise<void> {
    await this.db.insert(sessions).values({ keyId, hash, expiresAt: new Date(Date.now() + ttlMs) });
  }

  /** The member a browser session acts as: the session neither expired nor signed out, its key still valid. */
  async callerBySessionHash(hash: string): Promise<Caller | null> {
    const [row] = await this.db
      .select({ handle: members.handle, role: members.role, keyId: apiKeys.id })
      .from(sessions)
      .innerJoin(apiKeys, eq(apiKeys.id, sessions.keyId))
      .innerJoin(members, eq(members.handle, apiKeys.member))
      .where(and(eq(sessions.hash, hash), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), isNull(apiKeys.revokedAt), isNull(members.deactivatedAt)))
      .limit(1);
    return row ?? null;
  }

  /** Signs a session out (idempotent). */
  async revokeSession(hash: string): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.hash, hash), isNull(sessions.revokedAt)));
  }

  /** The import a route acts on (its stage), or the run's import and environment: what per-environment rules need. */
  async importScope(importId: string): Promise<RequestScope | null> {
    const [row] = await this.db.select({ importId: imports.id, stage: imports.stage }).from(imports).where(eq(imports.id, importId)).limit(1);
    return row ? { ...row, environment: null } : null;
  }

  async runScope(runId: string): Promise<RequestScope | null> {
    const [row] = await this.db
      .select({ importId: runs.importId, environment: runs.environment, stage: imports.stage })
      .from(runs)
      .innerJoin(imports, eq(imports.id, runs.importId))
      .where(eq(runs.id, runId))
      .limit(1);
    return row ?? null;
  }
}
