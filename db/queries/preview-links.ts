import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { clients, imports, jobs, previewLinks } from '../schema';

/** The client preview links (a hashed token per link) and what a link's page shows. */
export type PreviewLinkRow = typeof previewLinks.$inferSelect;
export type PreviewJob = Pick<typeof jobs.$inferSelect, 'id' | 'externalId' | 'data'>;

/** The import's and its client's names, as the page's title shows them. */
export async function importNames(db: Database, importId: string): Promise<{ importName: (typeof imports.$inferSelect)['name']; clientName: (typeof clients.$inferSelect)['name'] } | undefined> {
  const [row] = await db
    .select({ importName: imports.name, clientName: clients.name })
    .from(imports)
    .innerJoin(clients, eq(clients.id, imports.clientId))
    .where(eq(imports.id, importId));
  return row;
}

export async function insertPreviewLink(db: Database, values: typeof previewLinks.$inferInsert): Promise<PreviewLinkRow> {
  const [row] = await db.insert(previewLinks).values(values).returning();
  return row!;
}

export async function previewLinkByTokenHash(db: Database, tokenHash: string): Promise<PreviewLinkRow | null> {
  const [row] = await db.select().from(previewLinks).where(eq(previewLinks.tokenHash, tokenHash));
  return row ?? null;
}

/** The open jobs of one import in one environment: the import id always comes from the link, never the request. */
export function openJobsOf(db: Database, importId: string, environment: PreviewLinkRow['environment']): Promise<PreviewJob[]> {
  return db
    .select({ id: jobs.id, externalId: jobs.externalId, data: jobs.data })
    .from(jobs)
    .where(and(eq(jobs.importId, importId), eq(jobs.environment, environment), eq(jobs.status, 'open')))
    .orderBy(asc(sql`${jobs.data}->>'title'`), asc(jobs.id))
    .limit(500);
}

export async function markPreviewLinkUsed(db: Database, id: string): Promise<void> {
  await db.update(previewLinks).set({ usedAt: new Date() }).where(eq(previewLinks.id, id));
}

