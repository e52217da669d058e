import { Inject, Injectable } from '@nestjs/common';
import { asc, count, desc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { clients, importDecisions, imports } from '../../../db/schema';
import { DATABASE } from '../common/tokens';
import type { CreateImport } from './imports.dto';

export type ImportRow = typeof imports.$inferSelect & { clientName: string };
export type DecisionRow = typeof importDecisions.$inferSelect;
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

@Injectable()
export class ImportsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Inserts the import (and its client on first use) inside a transaction, then runs `afterInsert` (starting
   * the workflow) before committing: if the workflow cannot start, no import row is left behind.
   */
  /** Inserts the import (and its client when new), committed: the lifecycle started next reads it. Returns the client id. */
  async create(id: string, input: CreateImport & { requestedBy: string }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const clientId = await this.upsertClient(tx, input.client);
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

  /** Undoes `create` when its lifecycle could not be started (nothing refers to the row yet). */
  async remove(id: string): Promise<void> {
    await this.db.delete(imports).where(eq(imports.id, id));
  }

  async findById(id: string): Promise<ImportRow | null> {
    const [row] = await this.selectImports().where(eq(imports.id, id));
    return row ?? null;
  }

  async list(limit: number, offset: number): Promise<{ items: ImportRow[]; total: number }> {
    const [items, [totals]] = await Promise.all([
      this.selectImports().orderBy(asc(imports.priority), desc(imports.createdAt)).limit(limit).offset(offset),
      this.db.select({ total: count() }).from(imports),
    ]);
    return { items, total: totals?.total ?? 0 };
  }

  decisions(importId: string): Promise<DecisionRow[]> {
    return this.db.select().from(importDecisions).where(eq(importDecisions.importId, importId)).orderBy(asc(importDecisions.seq));
  }

  private selectImports() {
    const { ...columns } = imports;
    return this.db
      .select({
        id: columns.id,
        clientId: columns.clientId,
        name: columns.name,
        kind: columns.kind,
        sourceUrls: columns.sourceUrls,
        priority: columns.priority,
        requestedBy: columns.requestedBy,
        contacts: columns.contacts,
        credentialRefs: columns.credentialRefs,
        wantedDate: columns.wantedDate,
        stage: columns.stage,
        estimateDays: columns.estimateDays,
        createdAt: columns.createdAt,
        updatedAt: columns.updatedAt,
        clientName: clients.name,
      })
      .from(imports)
      .innerJoin(clients, eq(clients.id, imports.clientId));
  }

  private async upsertClient(tx: Tx, name: string): Promise<string> {
    // `do update` (a no-op write) rather than `do nothing`, so `returning` yields the existing row's id too.
    const [row] = await tx
      .insert(clients)
      .values({ name })
      .onConflictDoUpdate({ target: clients.name, set: { name } })
      .returning({ id: clients.id });
    return row!.id;
  }
}
