import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { redact, redactDeep, rememberedSecretCount, rememberSecrets } from './redact';
import { redactError } from './redact-failures';

describe('redact', () => {
  it('masks credential patterns and remembered secret values, in every form', () => {
    rememberSecrets(['s3cr3t/v@lue']);
    expect(redact('GET https://u:p@x.fr/f?api_key=abc&page=2')).toBe('GET https://***@x.fr/f?api_key=***&page=2');
    expect(redact('HTTP 404 for http://127.0.0.1/feeds/s3cr3t/v@lue/x')).toBe('HTTP 404 for http://127.0.0.1/feeds/***/x');
    expect(redact(`redirected to /a/${encodeURIComponent('s3cr3t/v@lue')}`)).toBe('redirected to /a/***');
    expect(redactDeep({ error: { message: 'Unexpected token "s3cr3t/v@lue"' }, n: 1 })).toEqual({ error: { message: 'Unexpected token "***"' }, n: 1 });
  });

  it('masks an activity failure for Temporal: message, details, stack; type and retryability kept', () => {
    rememberSecrets(['tok-12345']);
    const failure = ApplicationFailure.create({ type: 'HttpStatus', message: 'HTTP 404 for http://x/tok-12345', nonRetryable: true, details: [{ url: 'http://x/tok-12345' }] });
    const masked = redactError(failure) as ApplicationFailure;
    expect(masked).toMatchObject({ type: 'HttpStatus', nonRetryable: true, message: 'HTTP 404 for http://x/***', details: [{ url: 'http://x/***' }] });
    expect(masked.stack).not.toContain('tok-12345');
  });
});

describe('the remembered secrets', () => {
  it('are bounded: the least recently remembered are forgotten first, a value remembered again is kept', () => {
    rememberSecrets(['first-secret-value']);
    for (let i = 0; i < 2_000; i++) {
      rememberSecrets([`rotated-${i}-value`]);
      if (i % 100 === 0) rememberSecrets(['first-secret-value']);
    }
    expect(rememberedSecretCount()).toBeLessThanOrEqual(1_024);
    expect(redact('a first-secret-value b rotated-1999-value c')).toBe('a *** b *** c');
    expect(redact('rotated-0-value')).toBe('rotated-0-value');
  });
});
