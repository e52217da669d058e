import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { apiKeys, members } from '../schema';

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;
/** A key as listed: never its hash. */
export type KeyView = Pick<typeof apiKeys.$inferSelect, 'id' | 'member' | 'prefix' | 'label' | 'createdAt' | 'revokedAt' | 'lastUsedAt'>;

const keyColumns = { id: apiKeys.id, member: apiKeys.member, prefix: apiKeys.prefix, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt };

export interface MemberFilter {
  role?: MemberRow['role'];
  includeDeactivated: boolean;
  limit: number;
  offset: number;
}

/** Inserts the member; null when the handle is taken. */
export async function insertMember(db: Database, input: NewMemberRow): Promise<MemberRow | null> {
  const [row] = await db.insert(members).values(input).onConflictDoNothing().returning();
  return row ?? null;
}

export async function findMember(db: Database, handle: string): Promise<MemberRow | null> {
  const [row] = await db.select().from(members).where(eq(members.handle, handle));
  return row ?? null;
}

export async function listMembers(db: Database, query: MemberFilter): Promise<{ items: MemberRow[]; total: number }> {
  const where: SQL[] = [];
  if (query.role) where.push(eq(members.role, query.role));
  if (!query.includeDeactivated) where.push(isNull(members.deactivatedAt));
  const condition = where.length > 0 ? and(...where) : undefined;
  const items = await db.select().from(members).where(condition).orderBy(asc(members.handle)).limit(query.limit).offset(query.offset);
  const [total] = await db.select({ n: count() }).from(members).where(condition);
  return { items, total: total?.n ?? 0 };
}

export async function updateMember(db: Database, handle: string, changes: Partial<Omit<NewMemberRow, 'handle'>>): Promise<MemberRow | null> {
  const [row] = await db.update(members).set(changes).where(eq(members.handle, handle)).returning();
  return row ?? null;
}

/** Deactivates the member and revokes their keys, in one transaction. */
export function deactivateMember(db: Database, handle: string): Promise<MemberRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(members).set({ deactivatedAt: sql`coalesce(${members.deactivatedAt}, now())` }).where(eq(members.handle, handle)).returning();
    if (row) await tx.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(eq(apiKeys.member, handle), isNull(apiKeys.revokedAt)));
    return row ?? null;
  });
}

/** Stores a new key of the member: only its hash and its prefix (the key itself stays with the caller). */
export async function insertKey(db: Database, key: { member: string; hash: string; prefix: string; label: string | null }): Promise<KeyView> {
  const [row] = await db.insert(apiKeys).values(key).returning(keyColumns);
  return row!;
}

export function keysOf(db: Database, member: string): Promise<KeyView[]> {
  return db.select(keyColumns).from(apiKeys).where(eq(apiKeys.member, member)).orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key of the member (idempotent: an already revoked key keeps its first revocation time). */
export async function revokeKey(db: Database, member: string, keyId: string): Promise<KeyView | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.member, member)))
    .returning(keyColumns);
  return row ?? null;
}

type KeyRow = typeof apiKeys.$inferSelect;

/** Of these hashes, those of keys with this label that are not revoked (the demo's kept keys: scripts/seed-demo.ts). */
export async function validLabelledKeys(db: Database, hashes: KeyRow['hash'][], label: string): Promise<KeyRow['hash'][]> {
  const rows = await db
    .select({ hash: apiKeys.hash })
    .from(apiKeys)
    .where(and(inArray(apiKeys.hash, hashes), eq(apiKeys.label, label), isNull(apiKeys.revokedAt)));
  return rows.map((r) => r.hash);
}

/** Revokes the members' keys with this label that are not revoked yet. */
export async function revokeLabelledKeys(db: Database, members: KeyRow['member'][], label: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(inArray(apiKeys.member, members), eq(apiKeys.label, label), isNull(apiKeys.revokedAt)));
}
