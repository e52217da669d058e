import type postgres from 'postgres';
import { redact } from '../../platform/redact';

/**
 * What a query function runs on: the pool or a transaction the caller owns. Query modules under db/queries are the
 * only place SQL is written; their row types come from the drizzle schema (`typeof table.$inferSelect`), with the
 * raw statements aliasing columns to the schema's property names, so that a renamed property fails the type check
 * at the query's boundary and in every caller.
 */
export type Queryable = postgres.ISql;

/**
 * A value for a jsonb parameter: JSON text, cast in the statement (`${jsonb(x)}::jsonb`). The connections
 * come from db/client.ts, whose drizzle driver makes postgres.js's json/jsonb serialisers pass text through
 * unchanged; on a bare postgres() connection the text would be encoded a second time. Redacted as JSON text
 * (platform/redact.ts: masks never span a quote, so the text stays JSON): run errors, observations, alert and
 * incident contexts are written through here.
 */
export const jsonb = (value: unknown): string => redact(JSON.stringify(value ?? null));

/**
 * A row as a raw statement returns it here: timestamps as text (db/client.ts's drizzle driver replaces
 * postgres.js's date parsers). bigserial ids come back as text too: rows holding one say so where they are typed.
 */
export type RawRow<T> = { [K in keyof T]: [Extract<T[K], Date>] extends [never] ? T[K] : Exclude<T[K], Date> | string };

/** One round trip to the server: the readiness probe's. */
export async function ping(sql: Queryable): Promise<void> {
  await sql`select 1`;
}
