import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { DossierSections } from '../../contracts/dossier';
import { imports } from './imports';
import { incidents } from './incidents';

/**
 * Every version of an import's dossier (contracts/dossier.ts), never updated in place: version n+1 is written
 * against version n, and the primary key refuses a second n+1, so two concurrent edits cannot both win.
 * `submittedRevision`/`approvedRevision` mark the version a review submission carried and the one approved:
 * the reviewer is shown the diff since the last approved one.
 */
export const dossierVersions = pgTable(
  'dossier_versions',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    version: integer('version').notNull(),
    sections: jsonb('sections').$type<DossierSections>().notNull(),
    author: text('author').notNull(),
    authorRole: text('author_role').notNull(),
    /** The author's short note on what changed. */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    submittedRevision: integer('submitted_revision'),
    approvedRevision: integer('approved_revision'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.version] })],
);

/**
 * The dossier's incident log: how each incident resolved by hand was caused and fixed. Append-only and kept
 * apart from the versions, so resolving an incident never races a colleague's edit of the text.
 */
export const dossierIncidentLog = pgTable(
  'dossier_incident_log',
  {
    incidentId: bigint('incident_id', { mode: 'number' })
      .primaryKey()
      .references(() => incidents.id),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    kind: text('kind').notNull(),
    cause: text('cause').notNull(),
    fix: text('fix').notNull(),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dossier_incident_log_import_kind_idx').on(t.importId, t.kind, t.at)],
);
