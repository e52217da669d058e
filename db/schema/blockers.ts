import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { BLOCKER_KINDS } from '../../contracts/lifecycle';
import { imports } from './imports';

/**
 * Blocks of an import, as the lifecycle workflow decides them (its `block`/`unblock` decisions, written by
 * `recordDecision` in the same transaction): the open one has no `resolvedAt`. Read by the planning board,
 * the digest and /metrics.
 */
export const importBlockers = pgTable(
  'import_blockers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    kind: text('kind', { enum: BLOCKER_KINDS }).notNull(),
    reason: text('reason').notNull(),
    waitingOn: text('waiting_on').notNull(),
    blockedBy: text('blocked_by').notNull(),
    blockedAt: timestamp('blocked_at', { withTimezone: true }).notNull(),
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('import_blockers_open_idx').on(t.importId, t.resolvedAt)],
);
