import type postgres from 'postgres';
import type { EnvironmentName } from '../../contracts';
import { configuredEnvironments, jobStatusCounts } from '../../db/queries/importer-try';
import { findImportConfig } from '../../db/queries/runs';
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
  const config = await findImportConfig(sql, importId, environment);
  if (!config) {
    const envs = await configuredEnvironments(sql, importId);
    if (!envs) throw new UsageError(`Import ${importId} does not exist`);
    throw new UsageError(
      `Import ${importId} has no ${environment} configuration` +
        (envs.length > 0 ? ` (it has: ${envs.join(', ')}; use --env)` : ' (it has none yet)'),
    );
  }
  const { open, closed } = await jobStatusCounts(sql, importId, environment);
  return { importId, importerKey: config.importerKey, config: config.config, checks: config.checks, fetchPolicy: config.fetchPolicy, open, closed };
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
