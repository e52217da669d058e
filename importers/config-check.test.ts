import { describe, expect, it } from 'vitest';
import { configProblem, plainCredentials, urlCredential } from './config-check';

describe('credentials by reference only', () => {
  it('accepts { "$secret": "NAME" } references, also where the schema wants a URL', () => {
    expect(plainCredentials({ apiToken: { $secret: 'API_TOKEN' }, nested: [{ password: { $secret: 'PW' } }] })).toEqual([]);
    expect(configProblem('multiposting-xml', { feedUrl: { $secret: 'FEED_URL' } })).toBeNull();
  });

  it('refuses plain values under credential keys, with the reference form to use', () => {
    const problem = configProblem('multiposting-xml', { feedUrl: 'https://x.fr/feed.xml', apiToken: 'abc123' });
    expect(problem?.code).toBe('plain_credentials');
    expect(problem?.message).toContain('config.apiToken');
    expect(problem?.message).toContain('{ "$secret": "NAME" }');
    expect(problem?.message).not.toContain('abc123');
  });

  it('refuses credentials written into a URL', () => {
    const urls = [
      'https://user:pass@x.fr/feed', 'https://x.fr/feed?api_key=1', 'https://x.fr/f?token=1', 'https://x.fr/f?a=b&key=1', 'https://x.fr/f?secret=1',
      'https://x.fr/f?password=1', 'https://x.fr/f?signature=1', 'https://x.fr/f?sig=1', 'https://x.fr/f?access_token=1', 'http://x.fr/f?API_KEY=1',
    ];
    expect(urls.filter((u) => urlCredential(u) === null)).toEqual([]);
    expect(['https://x.fr/feed?page=2&lang=fr', 'not a url', 'https://x.fr/keyboard'].filter((u) => urlCredential(u) !== null)).toEqual([]);
    const problem = configProblem('multiposting-xml', { feedUrl: 'https://x.fr/feed?api_key=s3cr3t' });
    expect(problem?.code).toBe('plain_credentials');
    expect(problem?.message).toMatch(/config\.feedUrl.*\{ "\$secret": "NAME" \}/);
    expect(problem?.message).not.toContain('s3cr3t');
  });
});
