import type postgres from 'postgres';
import { secretsNamed } from '../../db/queries/secrets';

/**
 * Import configurations hold credentials by reference only: `{ "$secret": "NAME" }`. They are resolved
 * just before extraction, from the environment (`LIAISON_SECRET_NAME`) or the secrets table, and never
 * stored back, logged, or copied into alerts.
 */
export async function resolveSecrets(config: unknown, sql: postgres.Sql, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const names = new Set<string>();
  collect(config, names);
  if (names.size === 0) return config;
  const values = new Map<string, string>();
  const missing: string[] = [];
  const fromDb = await secretsNamed(sql, [...names]);
  const dbValues = new Map(fromDb.map((r) => [r.name, r.value]));
  for (const name of names) {
    const value = env[`LIAISON_SECRET_${name}`] ?? dbValues.get(name);
    if (value === undefined) missing.push(name);
    else values.set(name, value);
  }
  if (missing.length > 0) {
    throw new MissingSecretError(`Secret(s) not found: ${missing.join(', ')} (set LIAISON_SECRET_<NAME> or add them to the secrets table)`);
  }
  return substitute(config, values);
}

export class MissingSecretError extends Error {}

/** The secret values `resolveSecrets` put into `resolved` (walking the config and its resolution side by side). */
export function secretValues(config: unknown, resolved: unknown, out: string[] = []): string[] {
  if (isRef(config)) {
    if (typeof resolved === 'string' && resolved !== '') out.push(resolved);
  } else if (Array.isArray(config) && Array.isArray(resolved)) {
    config.forEach((v, i) => secretValues(v, resolved[i], out));
  } else if (typeof config === 'object' && config !== null && typeof resolved === 'object' && resolved !== null) {
    for (const [k, v] of Object.entries(config)) secretValues(v, (resolved as Record<string, unknown>)[k], out);
  }
  return out;
}

function isRef(value: unknown): value is { $secret: string } {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as { $secret?: unknown }).$secret === 'string';
}

function collect(value: unknown, names: Set<string>): void {
  if (isRef(value)) names.add(value.$secret);
  else if (Array.isArray(value)) value.forEach((v) => collect(v, names));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => collect(v, names));
}

function substitute(value: unknown, values: Map<string, string>): unknown {
  if (isRef(value)) return values.get(value.$secret);
  if (Array.isArray(value)) return value.map((v) => substitute(v, values));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  return value;
}
