import { asc, count, desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { clients, importDecisions, imports } from '../schema';

export type ImportRow = typeof imports.$inferSelect & { clientName: string };
export type DecisionRow = typeof importDecisions.$inferSelect;
type NewImportRow = typeof imports.$inferInsert;
/** A request as filed: the client by name (created on first use). */
export type NewImport = Pick<NewImportRow, 'name' | 'kind' | 'sourceUrls' | 'priority' | 'requestedBy' | 'contacts' | 'credentialRefs'> & {
  client: string;
  wantedDate?: NewImportRow['wantedDate'];
};
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Inserts the import (and its client when new), committed: the lifecycle started next reads it. Returns the client id. */
export function insertImport(db: Database, id: string, input: NewImport): Promise<string> {
  return db.transaction(async (tx) => {
    const clientId = await upsertClient(tx, input.client);
    await tx.insert(imports).values({
      id,
      clientId,
      name: input.name,
      kind: input.kind,
      sourceUrls: input.sourceUrls,
      priority: input.priority,
      requestedBy: input.requestedBy,
      contacts: input.contacts,
      credentialRefs: input.credentialRefs,
      wantedDate: input.wantedDate ?? null,
    });
    return clientId;
  });
}

/** Undoes `insertImport` when its lifecycle could not be started (nothing refers to the row yet). */
export async function deleteImport(db: Database, id: string): Promise<void> {
  await db.delete(imports).where(eq(imports.id, id));
}

export async function importById(db: Database, id: string): Promise<ImportRow | null> {
  const [row] = await selectImports(db).where(eq(imports.id, id));
  return row ?? null;
}

export async function listImports(db: Database, limit: number, offset: number): Promise<{ items: ImportRow[]; total: number }> {
  const [items, [totals]] = await Promise.all([
    selectImports(db).orderBy(asc(imports.priority), desc(imports.createdAt)).limit(limit).offset(offset),
    db.select({ total: count() }).from(imports),
  ]);
  return { items, total: totals?.total ?? 0 };
}

export function decisionsOf(db: Database, importId: string): Promise<DecisionRow[]> {
  return db.select().from(importDecisions).where(eq(importDecisions.importId, importId)).orderBy(asc(importDecisions.seq));
}

function selectImports(db: Database) {
  return db
    .select({
      id: imports.id,
      clientId: imports.clientId,
      name: imports.name,
      kind: imports.kind,
      sourceUrls: imports.sourceUrls,
      priority: imports.priority,
      requestedBy: imports.requestedBy,
      contacts: imports.contacts,
      credentialRefs: imports.credentialRefs,
      wantedDate: imports.wantedDate,
      stage: imports.stage,
      estimateDays: imports.estimateDays,
      createdAt: imports.createdAt,
      updatedAt: imports.updatedAt,
      clientName: clients.name,
    })
    .from(imports)
    .innerJoin(clients, eq(clients.id, imports.clientId));
}

async function upsertClient(tx: Tx, name: string): Promise<string> {
  // `do update` (a no-op write) rather than `do nothing`, so `returning` yields the existing row's id too.
  const [row] = await tx
    .insert(clients)
    .values({ name })
    .onConflictDoUpdate({ target: clients.name, set: { name } })
    .returning({ id: clients.id });
  return row!.id;
}
