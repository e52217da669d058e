import type { Database } from '../../../db/client';
import type { CreateMember } from './team.dto';
import { TeamStore, type MemberRow } from './team.repository';

/**
 * Makes sure a member exists (created as given when absent, left as is otherwise) and gives them a new API key.
 * For a fresh install (scripts/team.ts), the demo (`npm start`) and the tests — the API itself needs a key.
 */
export async function ensureMemberWithKey(db: Database, member: CreateMember, label: string): Promise<{ member: MemberRow; key: string; created: boolean }> {
  const store = new TeamStore(db);
  const created = await store.create(member);
  const row = created ?? (await store.find(member.handle));
  if (!row) throw new Error(`Member ${member.handle} could not be created`);
  if (row.deactivatedAt) throw new Error(`Member ${member.handle} is deactivated: reactivate it or choose another handle`);
  const { key } = await store.createKey(row.handle, label);
  return { member: row, key, created: created !== null };
}
