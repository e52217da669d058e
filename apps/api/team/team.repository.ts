import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import * as team from '../../../db/queries/team';
import type { KeyView, MemberRow } from '../../../db/queries/team';
import { newApiKey } from '../auth/keys';
import { DATABASE } from '../common/tokens';
import type { CreateMember, ListMembers, UpdateMember } from './team.dto';

export type { KeyView, MemberRow };

/** Members and their keys (queries in db/queries/team.ts). Also used outside Nest (scripts/team.ts, the demo seed, the tests). */
export class TeamStore {
  constructor(private readonly db: Database) {}

  create(input: CreateMember): Promise<MemberRow | null> {
    return team.insertMember(this.db, input);
  }

  find(handle: string): Promise<MemberRow | null> {
    return team.findMember(this.db, handle);
  }

  list(query: ListMembers): Promise<{ items: MemberRow[]; total: number }> {
    return team.listMembers(this.db, query);
  }

  update(handle: string, changes: UpdateMember): Promise<MemberRow | null> {
    return team.updateMember(this.db, handle, changes);
  }

  deactivate(handle: string): Promise<MemberRow | null> {
    return team.deactivateMember(this.db, handle);
  }

  /** A new key for the member: the only time the key itself exists outside the caller's hands. */
  async createKey(member: string, label?: string): Promise<KeyView & { key: string }> {
    const { key, hash, prefix } = newApiKey();
    const row = await team.insertKey(this.db, { member, hash, prefix, label: label ?? null });
    return { ...row, key };
  }

  keys(member: string): Promise<KeyView[]> {
    return team.keysOf(this.db, member);
  }

  revokeKey(member: string, keyId: string): Promise<KeyView | null> {
    return team.revokeKey(this.db, member, keyId);
  }
}

@Injectable()
export class TeamRepository extends TeamStore {
  constructor(@Inject(DATABASE) db: Database) {
    super(db);
  }
}
