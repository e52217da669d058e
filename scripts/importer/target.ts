import type postgres from 'postgres';
import type { EnvironmentName } from '../../contracts';
import type { ImporterDefinition } from '../../importers/sdk';
import { UsageError } from './errors';
import { configFields, withUrl } from './url-override';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An existing import's configuration in one environment, and how many jobs the diff is computed against. */
export interface ExistingImport {
  importId: string;
  importerKey: string;
  config: Record<string, unknown>;
  checks: unknown;
  fetchPolicy: Record<string, unknown>;
  open: number;
  closed: number;
}

export function assertImportId(value: string): void {
  if (!UUID.test(value)) throw new UsageError(`--import ${value}: not an import id (a UUID, as in GET /imports)`);
}

export async function loadImport(sql: postgres.Sql, importId: string, environment: EnvironmentName): Promise<ExistingImport> {
  const [row] = await sql<{ importer_key: string; config: Record<string, unknown>; checks: unknown; fetch_policy: Record<string, unknown> }[]>`
    select importer_key, config, checks, fetch_policy from import_configs where import_id = ${importId} and environment = ${environment}`;
  if (!row) {
    const envs = await sql<{ environment: string }[]>`select environment from import_configs where import_id = ${importId} order by environment`;
    const [found] = await sql`select 1 from imports where id = ${importId}`;
    if (!found) throw new UsageError(`Import ${importId} does not exist`);
    throw new UsageError(
      `Import ${importId} has no ${environment} configuration` +
        (envs.length > 0 ? ` (it has: ${envs.map((e) => e.environment).join(', ')}; use --env)` : ' (it has none yet)'),
    );
  }
  const [counts] = await sql<{ open: number; closed: number }[]>`
    select count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'closed')::int as closed
    from jobs where import_id = ${importId} and environment = ${environment}`;
  return {
    importId,
    importerKey: row.importer_key,
    config: row.config,
    checks: row.checks,
    fetchPolicy: row.fetch_policy,
    open: counts?.open ?? 0,
    closed: counts?.closed ?? 0,
  };
}

export function parseInlineConfig(json: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new UsageError(`--config is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--config must be a JSON object');
  return value as Record<string, unknown>;
}

/** The configuration to store and run: the base (stored, inline, or none), its main URL replaced by `url`. */
export function prepareConfig(
  importer: ImporterDefinition<unknown>,
  base: Record<string, unknown>,
  url: string | undefined,
  log: (line: string) => void,
): Record<string, unknown> {
  if (url === undefined) return base;
  const { config, field } = withUrl(importer, base, url);
  log(`--url sets ${field} to ${url}`);
  return config;
}

/** The importer's own schema, as the worker applies it; every problem on one line, with the fields it accepts. */
export function validateConfig(importer: ImporterDefinition<unknown>, config: unknown): unknown {
  const parsed = importer.configSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
  const fields = configFields(importer.configSchema);
  throw new UsageError(
    `Invalid configuration for importer "${importer.key}": ${problems}` +
      ` (fields: ${fields.join(', ') || 'see its configSchema'}; give --url, --fixture or --config)`,
  );
}
