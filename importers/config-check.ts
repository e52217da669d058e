import { catalogue } from './catalogue';
import { type FetchPolicyMaxima, fetchLimitsExceeded, maximumEnvName } from './sdk/fetch-limits';

/** Credentials are held by reference only: a plain string under a credential-like key is refused. */
// Public identifiers such as Greenhouse's `boardToken` are not credentials: only these names are.
const CREDENTIAL_KEY = /(^token$|password|passwd|secret|api[-_]?key|api[-_]?token|access[-_]?token|auth[-_]?token|bearer|authorization|credentials?$)/i;
/** Query parameters that carry a credential in a URL (`?api_key=…`, `&sig=…`). */
const CREDENTIAL_PARAM = /^(api[-_]?key|apikey|token|key|secret|password|passwd|signature|sig|access[-_]?token|auth[-_]?token|client[-_]?secret)$/i;

/** `{ "$secret": "NAME" }`: a reference, resolved only inside the run's activity. */
function isSecretRef(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { $secret?: unknown }).$secret === 'string';
}

export function plainCredentials(value: unknown, path: string[] = []): string[] {
  if (isSecretRef(value)) return [];
  if (typeof value === 'string') return urlCredential(value) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainCredentials(v, [...path, String(i)]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const here = [...path, key];
    if (CREDENTIAL_KEY.test(key) && typeof v === 'string') return [here.join('.')];
    return plainCredentials(v, here);
  });
}

/** A secret's NAME, as in `{ "$secret": "NAME" }` (and `LIAISON_SECRET_<NAME>`). */
export const SECRET_NAME = /^[A-Za-z0-9_.-]+$/;
/** `{ "$secret": "NAME" }`, `$secret:NAME` or `secret:NAME`: how free text names a secret without holding it. */
const SECRET_REFERENCE = new RegExp(`^(\\{\\s*"?\\$secret"?\\s*:\\s*"?${SECRET_NAME.source.slice(1, -1)}"?\\s*\\}|\\$?secret:${SECRET_NAME.source.slice(1, -1)})$`);

/**
 * A string offered as a secret's name that is more likely the secret itself: a long mix of lower case, upper case
 * and digits, as generated tokens are (`sk_live_51HxY…`), where names are words (`ACME_FTP_PASSWORD`).
 */
export const looksLikeSecretValue = (name: string): boolean => name.length >= 20 && /[a-z]/.test(name) && /[A-Z]/.test(name) && /\d/.test(name);
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

/** What in a URL is a credential (`user:pass@`, a credential query parameter), or null. */
export function urlCredential(text: string): string | null {
  if (!/^https?:\/\//i.test(text.trim())) return null;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.username || url.password) return 'user:password@';
  for (const name of url.searchParams.keys()) if (CREDENTIAL_PARAM.test(name)) return `query parameter "${name}"`;
  return null;
}

export interface ConfigProblem {
  code: 'unknown_importer' | 'plain_credentials' | 'invalid_config' | 'platform_limit';
  message: string;
  fields?: { field: string; message: string; maximum?: number }[];
}

/**
 * Checks an import's importer configuration: a known importer, credentials by reference only, and the
 * importer's own schema. Used by `PUT …/config`, before a submission reaches review, and by the staging
 * deploy before anything is written. Null when the configuration is fine.
 */
export function configProblem(importerKey: string, config: Record<string, unknown>): ConfigProblem | null {
  const importer = catalogue.get(importerKey);
  if (!importer) return { code: 'unknown_importer', message: `No importer "${importerKey}". Known: ${[...catalogue.keys()].sort().join(', ')}` };
  const plain = plainCredentials(config);
  if (plain.length > 0) {
    return {
      code: 'plain_credentials',
      message:
        `Credentials must be references, not values: ${plain.map((p) => `config.${p}`).join(', ')}. ` +
        'Store the value (a token, or a whole URL that carries one) as a secret (LIAISON_SECRET_<NAME> or the secrets table) ' +
        'and write { "$secret": "NAME" } in its place.',
    };
  }
  // Secret references are resolved only at run time: validate with a placeholder where one stands, and ignore
  // what the schema says of the placeholder itself (a URL field holding a reference to a whole URL).
  const parsed = importer.configSchema.safeParse(withPlaceholders(config));
  if (parsed.success) return null;
  const issues = parsed.error.issues.filter((i) => !isSecretRef(at(config, i.path)));
  if (issues.length === 0) return null;
  const fields = issues.map((i) => ({ field: `config.${i.path.join('.')}`, message: i.message }));
  return { code: 'invalid_config', message: `Invalid configuration for importer "${importer.key}": ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields };
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), value);
}

function withPlaceholders(value: unknown): unknown {
  if (isSecretRef(value)) return 'secret-placeholder';
  if (Array.isArray(value)) return value.map(withPlaceholders);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v)]));
  return value;
}

/**
 * An import's fetch policy asking for more than the platform allows (its maxima: importers/sdk/fetch-limits.ts,
 * FETCH_MAX_* set by ops). Null when every setting is within its maximum.
 */
export function fetchPolicyProblem(policy: Record<string, unknown> | undefined, maxima: FetchPolicyMaxima): ConfigProblem | null {
  const exceeded = fetchLimitsExceeded(policy, maxima);
  if (exceeded.length === 0) return null;
  const fields = exceeded.map((e) => ({
    field: `fetchPolicy.${e.field}`,
    message: `${e.requested} is above the platform maximum of ${e.maximum} (set by ops with ${maximumEnvName(e.field)})`,
    maximum: e.maximum,
  }));
  return { code: 'platform_limit', message: fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields };
}
