import { describe, expect, it } from 'vitest';
import { capRetryAfter } from './retry-after';

const http503 = { type: 'HttpStatus', message: 'HTTP 503 for https://flux.example.fr/offres.xml', retryable: true, status: 503 };

describe('capRetryAfter', () => {
  it('keeps a Retry-After under the cap as it is', () => {
    expect(capRetryAfter({ ...http503, retryAfterMs: 120_000 })).toStrictEqual({ ...http503, retryAfterMs: 120_000 });
    expect(capRetryAfter(http503)).toStrictEqual(http503);
  });

  it('caps a longer one and says so in the message', () => {
    expect(capRetryAfter({ ...http503, retryAfterMs: 86_400_000 })).toStrictEqual({
      ...http503,
      message: 'HTTP 503 for https://flux.example.fr/offres.xml (Retry-After asked for 86400 s; capped at 600 s)',
      retryAfterMs: 600_000,
      retryAfterCapped: true,
    });
  });

  it('leaves a permanent failure alone (no retry follows)', () => {
    const gone = { ...http503, retryable: false, status: 410, retryAfterMs: 86_400_000 };
    expect(capRetryAfter(gone)).toBe(gone);
  });
});
