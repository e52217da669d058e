import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, isNotNull, lte, max, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { dossierIncidentLog, dossierVersions } from '../../../db/schema';
import type { DossierSections } from '../../../contracts';
import { DATABASE } from '../common/tokens';

export type DossierVersionRow = typeof dossierVersions.$inferSelect;
export type DossierIncidentRow = typeof dossierIncidentLog.$inferSelect;

@Injectable()
export class DossierRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async latest(importId: string): Promise<DossierVersionRow | null> {
    const [row] = await this.db.select().from(dossierVersions).where(eq(dossierVersions.importId, importId)).orderBy(desc(dossierVersions.version)).limit(1);
    return row ?? null;
  }

  async version(importId: string, version: number): Promise<DossierVersionRow | null> {
    const [row] = await this.db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), eq(dossierVersions.version, version)));
    return row ?? null;
  }

  /** Every version, newest first, without the text (the diff endpoint compares two). */
  versions(importId: string) {
    return this.db
      .select({
        version: dossierVersions.version,
        author: dossierVersions.author,
        authorRole: dossierVersions.authorRole,
        note: dossierVersions.note,
        createdAt: dossierVersions.createdAt,
        submittedRevision: dossierVersions.submittedRevision,
        approvedRevision: dossierVersions.approvedRevision,
        chars: sql<number>`length(${dossierVersions.sections}::text)`.mapWith(Number),
      })
      .from(dossierVersions)
      .where(eq(dossierVersions.importId, importId))
      .orderBy(desc(dossierVersions.version));
  }

  async currentVersion(importId: string): Promise<number> {
    const [row] = await this.db.select({ v: max(dossierVersions.version) }).from(dossierVersions).where(eq(dossierVersions.importId, importId));
    return row?.v ?? 0;
  }

  /**
   * Version `baseVersion + 1`, or null when it exists already (someone saved meanwhile): the primary key is the
   * guard, so of two edits against the same version exactly one is written.
   */
  async insert(importId: string, baseVersion: number, sections: DossierSections, author: string, authorRole: string, note: string | null): Promise<DossierVersionRow | null> {
    const [row] = await this.db
      .insert(dossierVersions)
      .values({ importId, version: baseVersion + 1, sections, author, authorRole, note })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  }

  /** The version a submission for review carried. */
  async markSubmitted(importId: string, version: number, revision: number): Promise<void> {
    await this.db.update(dossierVersions).set({ submittedRevision: revision }).where(and(eq(dossierVersions.importId, importId), eq(dossierVersions.version, version)));
  }

  /** The version the approved revision carried (the latest submitted with it). */
  async markApproved(importId: string, revision: number): Promise<void> {
    await this.db.execute(sql`
      update dossier_versions set approved_revision = ${revision}
      where import_id = ${importId} and version = (select max(version) from dossier_versions where import_id = ${importId} and submitted_revision = ${revision})`);
  }

  /**
   * Marks the versions of every approved revision the lifecycle recorded (its `review` decisions) and that were
   * not marked yet: the mark is written after the workflow update, so a failure in between is caught up here.
   */
  async markApprovedFromDecisions(importId: string): Promise<void> {
    await this.db.execute(sql`
      update dossier_versions v set approved_revision = a.revision
      from (select distinct (d.data->>'revision')::int as revision from import_decisions d
            where d.import_id = ${importId} and d.kind = 'review' and d.data->>'decision' = 'approve') a
      where v.import_id = ${importId} and v.approved_revision is null
        and v.version = (select max(w.version) from dossier_versions w where w.import_id = ${importId} and w.submitted_revision = a.revision)`);
  }

  /** The latest version written at or before `at`: what a submission made then carried. */
  async versionAt(importId: string, at: string): Promise<DossierVersionRow | null> {
    const [row] = await this.db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), lte(dossierVersions.createdAt, new Date(at)))).orderBy(desc(dossierVersions.version)).limit(1);
    return row ?? null;
  }

  async lastApproved(importId: string): Promise<DossierVersionRow | null> {
    const [row] = await this.db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), isNotNull(dossierVersions.approvedRevision))).orderBy(desc(dossierVersions.version)).limit(1);
    return row ?? null;
  }

  async lastSubmitted(importId: string): Promise<DossierVersionRow | null> {
    const [row] = await this.db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), isNotNull(dossierVersions.submittedRevision))).orderBy(desc(dossierVersions.version)).limit(1);
    return row ?? null;
  }

  /** Once per incident: a retried resolution does not log it twice. */
  async appendIncident(row: typeof dossierIncidentLog.$inferInsert): Promise<void> {
    await this.db.insert(dossierIncidentLog).values(row).onConflictDoNothing();
  }

  async hasIncident(incidentId: number): Promise<boolean> {
    const [row] = await this.db.select({ id: dossierIncidentLog.incidentId }).from(dossierIncidentLog).where(eq(dossierIncidentLog.incidentId, incidentId)).limit(1);
    return row !== undefined;
  }

  incidentLog(importId: string): Promise<DossierIncidentRow[]> {
    return this.db.select().from(dossierIncidentLog).where(eq(dossierIncidentLog.importId, importId)).orderBy(asc(dossierIncidentLog.at), asc(dossierIncidentLog.incidentId));
  }
}
