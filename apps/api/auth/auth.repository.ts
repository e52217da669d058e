import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { apiKeys, imports, members, runs } from '../../../db/schema';
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
