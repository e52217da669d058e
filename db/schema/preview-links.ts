import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ENVIRONMENTS } from './import-configs';
import { imports } from './imports';

export const PREVIEW_PURPOSES = ['client_validation'] as const;
export type PreviewPurpose = (typeof PREVIEW_PURPOSES)[number];

/**
 * A link account management sends a client to see an import's staging jobs and validate them
 * (`/preview/<token>`). Only the sha256 of the random token is kept: the link cannot be rebuilt from the
 * database. A link is scoped to one import, one environment and one purpose, and expires.
 */
export const previewLinks = pgTable(
  'preview_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    /** sha256 hex of the token. */
    tokenHash: text('token_hash').notNull().unique(),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull(),
    purpose: text('purpose', { enum: PREVIEW_PURPOSES }).notNull(),
    /** The client contact the link was sent to (shown in the decision's actor), if given. */
    contact: text('contact'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** When the client sent a decision through it. */
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('preview_links_import_idx').on(t.importId)],
);
