import { describe, expect, it } from 'vitest';
import { remembered } from './memo';

describe('remembered', () => {
  it('parses each text once while it is remembered, null results included, and shares frozen results', () => {
    const calls: string[] = [];
    const parse = remembered((text: string) => {
      calls.push(text);
      return text === '' ? null : { length: text.length };
    });
    expect(parse('abc')).toEqual({ length: 3 });
    expect(parse('abc')).toBe(parse('abc'));
    expect(Object.isFrozen(parse('abc'))).toBe(true);
    expect(parse('')).toBeNull();
    expect(parse('')).toBeNull();
    expect(calls).toEqual(['abc', '']);
  });

  it('forgets everything once full, so memory stays bounded', () => {
    let calls = 0;
    const parse = remembered((text: string) => {
      calls += 1;
      return text.toUpperCase();
    }, 2);
    parse('a');
    parse('b');
    parse('c'); // full: emptied, then c remembered
    parse('c');
    parse('a');
    expect(calls).toBe(4);
  });
});
