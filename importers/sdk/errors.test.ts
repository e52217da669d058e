import { describe, expect, it } from 'vitest';
import {
  BodyTooLargeError,
  FetchTimeoutError,
  HttpStatusError,
  InvalidDocumentError,
  isRetryable,
  LayoutChangedError,
  NetworkError,
  PageLimitError,
} from './errors';
import { classify } from './fetch';

describe('importer errors', () => {
  it('classifies HTTP statuses', () => {
    const retryable = [500, 502, 503, 501, 408, 429].map((s) => new HttpStatusError('https://x.fr/', s).retryable);
    const permanent = [400, 401, 403, 404, 410].map((s) => new HttpStatusError('https://x.fr/', s).retryable);
    expect([retryable, permanent]).toEqual([[true, true, true, true, true, true], [false, false, false, false, false]]);
  });

  it('gives each class a stable type and retry decision', () => {
    const errors = [
      new FetchTimeoutError('t'),
      new NetworkError('n'),
      new BodyTooLargeError('https://x.fr/', 10),
      new LayoutChangedError('l', { selector: 'li' }),
      new InvalidDocumentError('i'),
      new PageLimitError('p'),
    ];
    expect(errors.map((e) => [e.name, e.type, isRetryable(e)])).toEqual([
      ['FetchTimeoutError', 'FetchTimeout', true],
      ['NetworkError', 'Network', true],
      ['BodyTooLargeError', 'BodyTooLarge', false],
      ['LayoutChangedError', 'LayoutChanged', false],
      ['InvalidDocumentError', 'InvalidDocument', false],
      ['PageLimitError', 'PageLimitReached', false],
    ]);
    expect(isRetryable(new Error('unknown'))).toBe(true);
  });

  it('maps undici and socket error codes', () => {
    const withCode = (code: string): Error => Object.assign(new Error(code), { code });
    expect(classify(withCode('UND_ERR_HEADERS_TIMEOUT'), 'https://x.fr/')).toBeInstanceOf(FetchTimeoutError);
    expect(classify(withCode('ECONNRESET'), 'https://x.fr/')).toBeInstanceOf(NetworkError);
    const plain = new TypeError('bug');
    expect(classify(plain, 'https://x.fr/')).toBe(plain);
  });
});
