import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import * as auth from '../../../db/queries/auth';
import { DATABASE } from '../common/tokens';
import type { Caller, RequestScope } from './member';

/** Kept as an injectable (the guard, the login controller and test/access.test.ts take it): forwards to db/queries/auth.ts. */
@Injectable()
export class AuthRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  callerByKeyHash(hash: string): Promise<Caller | null> {
    return auth.callerByKeyHash(this.db, hash);
  }

  openSession(keyId: string, hash: string, ttlMs: number): Promise<void> {
    return auth.openSession(this.db, keyId, hash, ttlMs);
  }

  callerBySessionHash(hash: string): Promise<Caller | null> {
    return auth.callerBySessionHash(this.db, hash);
  }

  revokeSession(hash: string): Promise<void> {
    return auth.revokeSession(this.db, hash);
  }

  importScope(importId: string): Promise<RequestScope | null> {
    return auth.importScope(this.db, importId);
  }

  runScope(runId: string): Promise<RequestScope | null> {
    return auth.runScope(this.db, runId);
  }
}
