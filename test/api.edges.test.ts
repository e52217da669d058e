// The API's edges as a newcomer (or a hostile client) hits them: HEAD, oversize and malformed bodies, malformed
// cookies. Whatever the client sends, a client error is a 4xx with the API's JSON error, never a 500.
import { describe, expect, it } from 'vitest';
import { TEAM } from './support/api';
import { useStack } from './support/use-stack';

const stack = useStack({ api: true });

async function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string | Uint8Array) {
  const res = await fetch(`${stack.api.base}${path}`, { method, redirect: 'manual', headers, body: body as BodyInit | undefined });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as any) : null };
}

const bearer = (member: keyof typeof TEAM = 'lead') => ({ authorization: `Bearer ${stack.api.keys[TEAM[member]]}` });

describe('API edges', () => {
  it('answers HEAD as GET: the same rule, the same status, no body', async () => {
    expect((await raw('HEAD', '/imports', bearer())).status).toBe(200);
    expect((await raw('HEAD', '/imports')).status).toBe(401);
    expect((await raw('HEAD', '/health')).status).toBe(200);
    expect((await raw('HEAD', '/metrics', bearer('developer'))).status).toBe(403);
    const head = await raw('HEAD', '/team/me', bearer('ops'));
    expect([head.status, head.text]).toEqual([200, '']);
  });

  it('answers a 10 MB body 413, malformed JSON 400, with or without a key — never 500', async () => {
    const big = JSON.stringify({ client: 'Acme', name: 'x'.repeat(10 * 1024 * 1024), kind: 'json', sourceUrls: ['https://jobs.acme.example/'] });
    for (const headers of [{}, bearer('accountManager')]) {
      const res = await raw('POST', '/imports', { ...headers, 'content-type': 'application/json' }, big);
      expect([res.status, res.json?.error?.code]).toEqual([413, 'payload_too_large']);
      expect(res.json.error.message).toMatch(/^Request body too large: the limit is \d+ bytes$/);
    }
    const form = await raw('POST', '/auth/login', { 'content-type': 'application/x-www-form-urlencoded' }, `key=${'x'.repeat(10 * 1024 * 1024)}`);
    expect(form.status).toBe(413);
    const malformed = await raw('POST', '/imports', { ...bearer('accountManager'), 'content-type': 'application/json' }, '{"client": ');
    expect([malformed.status, malformed.json.error.status]).toEqual([400, 400]);
    const charset = await raw('POST', '/imports', { ...bearer('accountManager'), 'content-type': 'application/json; charset=klingon' }, '{}');
    expect(charset.status).toBe(415);
  });

  it('answers a malformed or unknown session cookie 401 (a page: the sign-in form)', async () => {
    for (const cookie of ['liaison_session=%zz', 'liaison_session=lis_unknown-session-id-here', 'liaison_session=', 'liaison_key=%zz']) {
      const res = await raw('GET', '/team/me', { cookie });
      expect([res.status, res.json?.error?.status], cookie).toEqual([401, 401]);
    }
    const page = await raw('GET', '/dashboard', { cookie: 'liaison_session=%zz', accept: 'application/json' });
    expect([page.status, page.headers.get('location')]).toEqual([303, '/auth/login?next=%2Fdashboard']);
  });

  it('sends the sign-in form with a CSP, and never a 500 for odd paths, methods or queries', async () => {
    const form = await raw('GET', '/auth/login?next=/dashboard');
    expect(form.headers.get('content-security-policy')).toMatch(/^default-src 'none'; .*form-action 'self'/);
    const odd: [string, string][] = [
      ['GET', '/imports/%zz'],
      ['GET', '/imports?limit=%zz'],
      ['GET', '/runs/not-a-uuid'],
      ['PUT', '/imports'],
      ['GET', '/auth/login?next=%zz'],
      ['POST', '/imports/00000000-0000-0000-0000-000000000000/environments/%zz/runs'],
    ];
    for (const [method, path] of odd) {
      const res = await raw(method, path, { ...bearer(), 'content-type': 'application/json' }, method === 'GET' ? undefined : '{}');
      expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
    }
  });
});
