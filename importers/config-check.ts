import { registry } from './registry';

/** Credentials are held by reference only: a plain string under a credential-like key is refused. */
// Public identifiers such as Greenhouse's `boardToken` are not credentials: only these names are.
const CREDENTIAL_KEY = /(^token$|password|passwd|secret|api[-_]?key|api[-_]?token|access[-_]?token|auth[-_]?token|bearer|authorization|credentials?$)/i;

export function plainCredentials(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => plainCredentials(v, [...path, String(i)]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const here = [...path, key];
    if (CREDENTIAL_KEY.test(key) && typeof v === 'string') return [here.join('.')];
    return plainCredentials(v, here);
  });
}

/** `{ "$secret": "NAME" }`, `$secret:NAME` or `secret:NAME`: how free text names a secret without holding it. */
const SECRET_REFERENCE = /^(\{\s*"?\$secret"?\s*:\s*"?[A-Za-z0-9_.-]+"?\s*\}|\$?secret:[A-Za-z0-9_.-]+)$/;
const LABELLED_VALUE = /(?:^|[\s,;(|*`-])([A-Za-z][\w.-]{1,40})\s*[:=]\s*[`"']?([^\s`"']{6,})[`"']?\s*$/;

/**
 * Free text (a dossier, a comment) holding what looks like a credential: a credential-named label followed by
 * one token that is not a secret reference (`password: hunter22`, `api_key=…`; `password: ask the client's IT`
 * is prose). `masks` adds the free-text guard of notifications (a URL or header carrying one: activities/notify's
 * `redact` changes the line). Returns the offending line numbers, from 1.
 */
export function plainCredentialsInText(text: string, masks: (line: string) => string = (line) => line): number[] {
  return text.split('\n').flatMap((line, i) => {
    const labelled = LABELLED_VALUE.exec(line.trim());
    const byLabel = labelled && !SECRET_REFERENCE.test(labelled[2]!) && plainCredentials({ [labelled[1]!]: labelled[2] }).length > 0;
    return byLabel || masks(line) !== line ? [i + 1] : [];
  });
}

export interface ConfigProblem {
  code: 'unknown_importer' | 'plain_credentials' | 'invalid_config';
  message: string;
  fields?: { field: string; message: string }[];
}

/**
 * Checks an import's importer configuration: a known importer, credentials by reference only, and the
 * importer's own schema. Used by `PUT …/config`, before a submission reaches review, and by the staging
 * deploy before anything is written. Null when the configuration is fine.
 */
export function configProblem(importerKey: string, config: Record<string, unknown>): ConfigProblem | null {
  const importer = registry.get(importerKey);
  if (!importer) return { code: 'unknown_importer', message: `No importer "${importerKey}". Known: ${[...registry.keys()].sort().join(', ')}` };
  const plain = plainCredentials(config);
  if (plain.length > 0) {
    return { code: 'plain_credentials', message: `Credentials must be references ({ "$secret": "NAME" }), not values: ${plain.map((p) => `config.${p}`).join(', ')}` };
  }
  // Secret references are resolved only at run time; validate with a placeholder where one stands.
  const parsed = importer.configSchema.safeParse(withPlaceholders(config));
  if (parsed.success) return null;
  const fields = parsed.error.issues.map((i) => ({ field: `config.${i.path.join('.')}`, message: i.message }));
  return { code: 'invalid_config', message: `Invalid configuration for importer "${importer.key}": ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields };
}

function withPlaceholders(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && '$secret' in value) return 'secret-placeholder';
  if (Array.isArray(value)) return value.map(withPlaceholders);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v)]));
  return value;
}
