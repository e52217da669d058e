import type { secrets } from '../schema';
import type { Queryable } from './sql';

/** The secrets table: values an import's configuration references by name (activities/runs/secrets.ts). */
export type Secret = typeof secrets.$inferSelect;

export async function secretsNamed(sql: Queryable, names: string[]): Promise<Pick<Secret, 'name' | 'value'>[]> {
  return sql<Pick<Secret, 'name' | 'value'>[]>`select name, value from secrets where name in ${sql(names)}`;
}

export async function allSecretValues(sql: Queryable): Promise<Secret['value'][]> {
  const rows = await sql<Pick<Secret, 'value'>[]>`select value from secrets`;
  return rows.map((r) => r.value);
}
