import { and, asc, desc, eq, isNotNull, lte, max, sql } from 'drizzle-orm';
import type { DossierSections } from '../../contracts';
import type { Database } from '../client';
import { dossierIncidentLog, dossierVersions } from '../schema';

export type DossierVersionRow = typeof dossierVersions.$inferSelect;
export type DossierIncidentRow = typeof dossierIncidentLog.$inferSelect;

export async function latest(db: Database, importId: string): Promise<DossierVersionRow | null> {
  const [row] = await db.select().from(dossierVersions).where(eq(dossierVersions.importId, importId)).orderBy(desc(dossierVersions.version)).limit(1);
  return row ?? null;
}

export async function version(db: Database, importId: string, version: number): Promise<DossierVersionRow | null> {
  const [row] = await db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), eq(dossierVersions.version, version)));
  return row ?? null;
}

/** Every version, newest first, without the text (the diff endpoint compares two). */
export function versions(db: Database, importId: string) {
  return db
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

export async function currentVersion(db: Database, importId: string): Promise<number> {
  const [row] = await db.select({ v: max(dossierVersions.version) }).from(dossierVersions).where(eq(dossierVersions.importId, importId));
  return row?.v ?? 0;
}

/**
 * Version `baseVersion + 1`, or null when it exists already (someone saved meanwhile): the primary key is the
 * guard, so of two edits against the same version exactly one is written.
 */
export async function insert(db: Database, importId: string, baseVersion: number, sections: DossierSections, author: string, authorRole: string, note: string | null): Promise<DossierVersionRow | null> {
  const [row] = await db
    .insert(dossierVersions)
    .values({ importId, version: baseVersion + 1, sections, author, authorRole, note })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The version a submission for review carried. */
export async function markSubmitted(db: Database, importId: string, version: number, revision: number): Promise<void> {
  await db.update(dossierVersions).set({ submittedRevision: revision }).where(and(eq(dossierVersions.importId, importId), eq(dossierVersions.version, version)));
}

/** The version the approved revision carried (the latest submitted with it). */
export async function markApproved(db: Database, importId: string, revision: number): Promise<void> {
  await db.execute(sql`
    update dossier_versions set approved_revision = ${revision}
    where import_id = ${importId} and version = (select max(version) from dossier_versions where import_id = ${importId} and submitted_revision = ${revision})`);
}

/**
 * Marks the versions of every approved revision the lifecycle recorded (its `review` decisions) and that were
 * not marked yet: the mark is written after the workflow update, so a failure in between is caught up here.
 */
export async function markApprovedFromDecisions(db: Database, importId: string): Promise<void> {
  await db.execute(sql`
    update dossier_versions v set approved_revision = a.revision
    from (select distinct (d.data->>'revision')::int as revision from import_decisions d
          where d.import_id = ${importId} and d.kind = 'review' and d.data->>'decision' = 'approve') a
    where v.import_id = ${importId} and v.approved_revision is null
      and v.version = (select max(w.version) from dossier_versions w where w.import_id = ${importId} and w.submitted_revision = a.revision)`);
}

/** The latest version written at or before `at`: what a submission made then carried. */
export async function versionAt(db: Database, importId: string, at: string): Promise<DossierVersionRow | null> {
  const [row] = await db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), lte(dossierVersions.createdAt, new Date(at)))).orderBy(desc(dossierVersions.version)).limit(1);
  return row ?? null;
}

export async function lastApproved(db: Database, importId: string): Promise<DossierVersionRow | null> {
  const [row] = await db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), isNotNull(dossierVersions.approvedRevision))).orderBy(desc(dossierVersions.version)).limit(1);
  return row ?? null;
}

export async function lastSubmitted(db: Database, importId: string): Promise<DossierVersionRow | null> {
  const [row] = await db.select().from(dossierVersions).where(and(eq(dossierVersions.importId, importId), isNotNull(dossierVersions.submittedRevision))).orderBy(desc(dossierVersions.version)).limit(1);
  return row ?? null;
}

/** Once per incident: a retried resolution does not log it twice. */
export async function appendIncident(db: Database, row: typeof dossierIncidentLog.$inferInsert): Promise<void> {
  await db.insert(dossierIncidentLog).values(row).onConflictDoNothing();
}

export async function hasIncident(db: Database, incidentId: number): Promise<boolean> {
  const [row] = await db.select({ id: dossierIncidentLog.incidentId }).from(dossierIncidentLog).where(eq(dossierIncidentLog.incidentId, incidentId)).limit(1);
  return row !== undefined;
}

export function incidentLog(db: Database, importId: string): Promise<DossierIncidentRow[]> {
  return db.select().from(dossierIncidentLog).where(eq(dossierIncidentLog.importId, importId)).orderBy(asc(dossierIncidentLog.at), asc(dossierIncidentLog.incidentId));
}
