import { describe, expect, it } from 'vitest';
import { percent, signedPercent } from './format';
import { median, round4 } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count, in any order', () => {
    expect(median([140, 12, 90])).toBe(90);
    expect(median([7])).toBe(7);
  });

  it('takes the mean of the two middle values of an even count', () => {
    expect(median([100, 10, 141, 90])).toBe(95);
    expect(median([1, 2])).toBe(1.5);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('figures as written in messages', () => {
  it('rounds ratios to 4 decimals so the shown figure is the deciding one', () => {
    expect(round4(0.8 - 0.3)).toBe(0.5);
    expect(round4(128 / 140)).toBe(0.9143);
  });

  it('never shows a non-zero share as 0 %', () => {
    expect(percent(0.002)).toBe('<1 %');
    expect(percent(0)).toBe('0 %');
    expect(percent(0.955)).toBe('96 %');
    expect(signedPercent(-0.9143)).toBe('−91 %');
    expect(signedPercent(0.07)).toBe('+7 %');
    expect(signedPercent(-0.004)).toBe('0 %');
  });
});
