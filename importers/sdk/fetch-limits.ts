import type { FetchPolicy } from './fetch-policy';

/** The fetch-policy settings an import's configuration may choose, each under a platform maximum. */
export const IMPORT_FETCH_SETTINGS = ['perHostConcurrency', 'totalTimeoutMs', 'headersTimeoutMs', 'bodyTimeoutMs', 'maxBodyBytes', 'maxStreamBytes'] as const;
export type ImportFetchSetting = (typeof IMPORT_FETCH_SETTINGS)[number];
export type FetchPolicyMaxima = Record<ImportFetchSetting, number>;

/**
 * What an import may ask at most, unless ops set `FETCH_MAX_<SETTING>` (e.g. FETCH_MAX_STREAM_BYTES). Times in ms,
 * sizes in bytes. The whole-fetch deadline stays within the compartment's own 30-minute limit; 2 GiB of stream is
 * the largest feed measured (the benchmark's).
 */
export const FETCH_POLICY_MAXIMA: FetchPolicyMaxima = {
  perHostConcurrency: 16,
  totalTimeoutMs: 30 * 60_000,
  headersTimeoutMs: 120_000,
  bodyTimeoutMs: 120_000,
  maxBodyBytes: 100 * 1024 * 1024,
  maxStreamBytes: 2 * 1024 ** 3,
};

/** `maxStreamBytes` → `FETCH_MAX_STREAM_BYTES`: the environment variable that overrides a maximum. */
export function maximumEnvName(setting: ImportFetchSetting): string {
  const snake = setting.replace(/^max/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return `FETCH_MAX_${snake}`;
}

/** What the platform decides about every import's fetching: the private allowlist and the maxima. */
export interface PlatformFetchSettings {
  /** Hosts and CIDRs reachable although private (FETCH_ALLOW_PRIVATE). */
  allowPrivate: readonly string[];
  maxima: FetchPolicyMaxima;
}

export interface FetchLimitExceeded {
  field: ImportFetchSetting;
  requested: number;
  maximum: number;
}

/** The settings of an import's fetch policy that ask for more than the platform allows. */
export function fetchLimitsExceeded(policy: Record<string, unknown> | null | undefined, maxima: FetchPolicyMaxima): FetchLimitExceeded[] {
  return IMPORT_FETCH_SETTINGS.flatMap((field) => {
    const requested = policy?.[field];
    return typeof requested === 'number' && requested > maxima[field] ? [{ field, requested, maximum: maxima[field] }] : [];
  });
}

/**
 * The policy a run fetches with: the import's own settings (only those it may choose, each clamped to its maximum,
 * for rows stored before a maximum was lowered) and the platform's allowlist. Anything else a stored policy holds
 * (the retired per-import `allowPrivateAddresses`) is ignored.
 */
export function effectiveFetchPolicy(stored: Record<string, unknown> | null | undefined, platform: PlatformFetchSettings): Partial<FetchPolicy> {
  const policy: Partial<Record<ImportFetchSetting, number>> = {};
  for (const field of IMPORT_FETCH_SETTINGS) {
    const value = stored?.[field];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) policy[field] = Math.min(value, platform.maxima[field]);
  }
  return { ...policy, allowPrivate: [...platform.allowPrivate] };
}
