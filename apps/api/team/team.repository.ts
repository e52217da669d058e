import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { apiKeys, members } from '../../../db/schema';
import { newApiKey } from '../auth/keys';
import { DATABASE } from '../common/tokens';
import type { CreateMember, ListMembers, UpdateMember } from './team.dto';

export type MemberRow = typeof members.$inferSelect;
/** A key as listed: never its hash. */
export type KeyView = Pick<typeof apiKeys.$inferSelect, 'id' | 'member' | 'prefix' | 'label' | 'createdAt' | 'revokedAt' | 'lastUsedAt'>;

const keyColumns = { id: apiKeys.id, member: apiKeys.member, prefix: apiKeys.prefix, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt };

/** Members and their keys. Also used outside Nest (scripts/team.ts, the demo seed, the tests). */
export class TeamStore {
  constructor(private readonly db: Database) {}

  /** Inserts the member; null when the handle is taken. */
  async create(input: CreateMember): Promise<MemberRow | null> {
    const [row] = await this.db.insert(members).values(input).onConflictDoNothing().returning();
    return row ?? null;
  }

  async find(handle: string): Promise<MemberRow | null> {
    const [row] = await this.db.select().from(members).where(eq(members.handle, handle));
    return row ?? null;
  }

  async list(query: ListMembers): Promise<{ items: MemberRow[]; total: number }> {
    const where: SQL[] = [];
    if (query.role) where.push(eq(members.role, query.role));
    if (!query.includeDeactivated) where.push(isNull(members.deactivatedAt));
    const condition = where.length > 0 ? and(...where) : undefined;
    const items = await this.db.select().from(members).where(condition).orderBy(asc(members.handle)).limit(query.limit).offset(query.offset);
    const [total] = await this.db.select({ n: count() }).from(members).where(condition);
    return { items, total: total?.n ?? 0 };
  }

  async update(handle: string, changes: UpdateMember): Promise<MemberRow | null> {
    const [row] = await this.db.update(members).set(changes).where(eq(members.handle, handle)).returning();
    return row ?? null;
  }

  /** Deactivates the member and revokes their keys, in one transaction. */
  async deactivate(handle: string): Promise<MemberRow | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.update(members).set({ deactivatedAt: sql`coalesce(${members.deactivatedAt}, now())` }).where(eq(members.handle, handle)).returning();
      if (row) await tx.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(eq(apiKeys.member, handle), isNull(apiKeys.revokedAt)));
      return row ?? null;
    });
  }

  /** A new key for the member: the only time the key itself exists outside the caller's hands. */
  async createKey(member: string, label?: string): Promise<KeyView & { key: string }> {
    const { key, hash, prefix } = newApiKey();
    const [row] = await this.db.insert(apiKeys).values({ member, hash, prefix, label: label ?? null }).returning(keyColumns);
    return { ...row!, key };
  }

  keys(member: string): Promise<KeyView[]> {
    return this.db.select(keyColumns).from(apiKeys).where(eq(apiKeys.member, member)).orderBy(desc(apiKeys.createdAt));
  }

  /** Revokes a key of the member (idempotent: an already revoked key keeps its first revocation time). */
  async revokeKey(member: string, keyId: string): Promise<KeyView | null> {
    const [row] = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.member, member)))
      .returning(keyColumns);
    return row ?? null;
  }
}

@Injectable()
export class TeamRepository extends TeamStore {
  constructor(@Inject(DATABASE) db: Database) {
    super(db);
  }
}
