import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { clients, imports, jobs, previewLinks } from '../../../db/schema';
import { DATABASE } from '../common/tokens';

export type PreviewLinkRow = typeof previewLinks.$inferSelect;
export interface PreviewJob {
  id: number;
  externalId: string;
  data: Record<string, unknown>;
}

@Injectable()
export class PreviewRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The import's and its client's names, as the page's title shows them. */
  async names(importId: string): Promise<{ importName: string; clientName: string } | undefined> {
    const [row] = await this.db
      .select({ importName: imports.name, clientName: clients.name })
      .from(imports)
      .innerJoin(clients, eq(clients.id, imports.clientId))
      .where(eq(imports.id, importId));
    return row;
  }

  async insert(values: typeof previewLinks.$inferInsert): Promise<PreviewLinkRow> {
    const [row] = await this.db.insert(previewLinks).values(values).returning();
    return row!;
  }

  async byTokenHash(tokenHash: string): Promise<PreviewLinkRow | null> {
    const [row] = await this.db.select().from(previewLinks).where(eq(previewLinks.tokenHash, tokenHash));
    return row ?? null;
  }

  /** The open jobs of one import in one environment: the import id always comes from the link, never the request. */
  openJobs(importId: string, environment: PreviewLinkRow['environment']): Promise<PreviewJob[]> {
    return this.db
      .select({ id: jobs.id, externalId: jobs.externalId, data: jobs.data })
      .from(jobs)
      .where(and(eq(jobs.importId, importId), eq(jobs.environment, environment), eq(jobs.status, 'open')))
      .orderBy(asc(sql`${jobs.data}->>'title'`), asc(jobs.id))
      .limit(500);
  }

  async markUsed(id: string): Promise<void> {
    await this.db.update(previewLinks).set({ usedAt: new Date() }).where(eq(previewLinks.id, id));
  }
}
