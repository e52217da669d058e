// The hostile corpus's API requests (test/hostile/api-cases.ts): oversize, deeply nested, polluting, mis-typed or
// mis-encoded bodies each get their expected 4xx with the API's JSON error naming the problem — never a 500 — and
// leave the process unpolluted and answering.
import { beforeAll, describe, expect, it } from 'vitest';
import { TEAM } from '../support/api';
import { useStack } from '../support/use-stack';
import { API_CASES, type HostileRequest } from './api-cases';

const stack = useStack({ api: true });
let importId = '';

beforeAll(async () => {
  const created = await stack.api.call('POST', '/imports', { client: 'Acme', name: 'Hostile requests', kind: 'json', sourceUrls: ['https://jobs.acme.example/'] }, TEAM.accountManager);
  importId = created.body.id as string;
});

async function send(c: HostileRequest) {
  const headers: Record<string, string> = { ...c.headers };
  if (c.as) headers.authorization = `Bearer ${stack.api.keys[TEAM[c.as]]}`;
  const started = performance.now();
  const res = await fetch(`${stack.api.base}${c.path.replace('{import}', importId)}`, { method: c.method, headers, body: c.body as BodyInit | undefined, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

describe('hostile API requests', () => {
  it.each(API_CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const res = await send(c);
    expect(res.status, res.text.slice(0, 300)).toBe(c.status);
    const body = JSON.parse(res.text) as { error?: { status: number; message: string } };
    expect(body.error?.status).toBe(c.status < 400 ? undefined : c.status);
    if (c.message) expect(body.error?.message).toMatch(c.message);
    // A hang guard, not a speed target (a loaded CI machine is slow; nothing here should take more than a moment).
    expect(res.ms).toBeLessThan(30_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still answering, and nothing polluted the API's own objects either.
    expect((await stack.api.call('GET', '/imports?limit=1', undefined, TEAM.lead)).status).toBe(200);
  });

  it('has one case at least per family: size, nesting, pollution, arrays, encoding, content type', () => {
    const families = ['oversize', 'nesting', 'proto', 'huge-array', 'utf', 'content-type|text-plain|xml-body|form-body'];
    for (const family of families) expect(API_CASES.some((c) => new RegExp(family).test(c.id)), family).toBe(true);
  });
});
