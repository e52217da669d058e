import { describe, expect, it } from 'vitest';
import { effectiveFetchPolicy, FETCH_POLICY_MAXIMA, fetchLimitsExceeded, maximumEnvName } from './fetch-limits';

describe('fetch-policy maxima', () => {
  const platform = { allowPrivate: ['127.0.0.1/32'], maxima: { ...FETCH_POLICY_MAXIMA, maxStreamBytes: 1000, totalTimeoutMs: 5000 } };

  it('lists the settings above their maximum', () => {
    expect(fetchLimitsExceeded({ maxStreamBytes: 1001, totalTimeoutMs: 5000, headersTimeoutMs: 10 }, platform.maxima)).toEqual([{ field: 'maxStreamBytes', requested: 1001, maximum: 1000 }]);
    expect(fetchLimitsExceeded(undefined, platform.maxima)).toEqual([]);
  });

  it("clamps a stored policy, keeps only an import's own settings and adds the platform allowlist", () => {
    const stored = { maxStreamBytes: 5000, totalTimeoutMs: 2000, allowPrivateAddresses: true, allowPrivate: ['0.0.0.0/0'], userAgent: 'x' };
    expect(effectiveFetchPolicy(stored, platform)).toEqual({ maxStreamBytes: 1000, totalTimeoutMs: 2000, allowPrivate: ['127.0.0.1/32'] });
    expect(effectiveFetchPolicy(null, { ...platform, allowPrivate: [] })).toEqual({ allowPrivate: [] });
  });

  it('names the variable that overrides each maximum', () => {
    expect(maximumEnvName('maxStreamBytes')).toBe('FETCH_MAX_STREAM_BYTES');
    expect(maximumEnvName('perHostConcurrency')).toBe('FETCH_MAX_PER_HOST_CONCURRENCY');
    expect(maximumEnvName('totalTimeoutMs')).toBe('FETCH_MAX_TOTAL_TIMEOUT_MS');
  });
});
