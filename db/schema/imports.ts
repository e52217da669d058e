import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { IMPORT_KINDS, LIFECYCLE_STAGES } from '../../contracts';
import { clients } from './clients';

/** Someone at the client the team may reach about this import (the account manager's request). */
export interface ImportContact {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

/** A credential the import will need, by its secret's NAME (`{ "$secret": "NAME" }`): never its value. */
export interface CredentialRef {
  name: string;
  purpose?: string;
}

/** One import: the connector between one client's HR system and our job database. */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    sourceUrls: jsonb('source_urls').$type<string[]>().notNull(),
    /** 1 (highest) to 5 (lowest). */
    priority: integer('priority').notNull().default(3),
    requestedBy: text('requested_by').notNull(),
    contacts: jsonb('contacts').$type<ImportContact[]>().notNull().default([]),
    credentialRefs: jsonb('credential_refs').$type<CredentialRef[]>().notNull().default([]),
    /** The account manager's wish (YYYY-MM-DD); the lead's plan keeps its own wanted date. */
    wantedDate: date('wanted_date', { mode: 'string' }),
    stage: text('stage', { enum: LIFECYCLE_STAGES }).notNull().default('requested'),
    /** Working days, from the developer's estimate. */
    estimateDays: numeric('estimate_days', { precision: 5, scale: 1, mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('imports_client_id_idx').on(t.clientId),
    check('imports_priority_range', sql`${t.priority} between 1 and 5`),
  ],
);
