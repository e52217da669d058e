import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ENVIRONMENT_NAMES as ENVIRONMENTS } from '../../contracts';
import { imports } from './imports';

export { ENVIRONMENTS };

/**
 * How an import runs in one environment: which importer, its configuration (validated by the importer's own
 * schema; secrets only as `{ "$secret": "NAME" }` references), check overrides and schedule. Data, not code:
 * a new client on a known ATS is one row.
 */
export const importConfigs = pgTable(
  'import_configs',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    environment: text('environment', { enum: ENVIRONMENTS }).notNull(),
    importerKey: text('importer_key').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    /** Overrides of the default business checks (see activities/checks). */
    checks: jsonb('checks').$type<Record<string, unknown>>().notNull().default({}),
    /** Fetch policy overrides (timeouts, sizes, concurrency), each under its platform maximum. */
    fetchPolicy: jsonb('fetch_policy').$type<Record<string, unknown>>().notNull().default({}),
    /** Cron (UTC); null = the importer's default. */
    schedule: text('schedule'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.environment] })],
);

/** Credentials referenced by import configs. Never returned by the API nor written to logs or alerts. */
export const secrets = pgTable('secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
