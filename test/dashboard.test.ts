// The ops dashboard in headless Chromium: imports with stage, last run, job count trend and open incidents; an
// incident page with its whole context and links into Temporal UI; text from the database escaped, never run.
import { describe, expect, it } from 'vitest';
import { dossierVersions, importConfigs } from '../db/schema';
import { TEAM } from './support/api';
import { useBrowser, withPage } from './support/browser';
import { incidentsOf } from './support/incidents';
import { runFailure, runToEnd } from './support/runs';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });
const browser = useBrowser();

const HOSTILE = 'Carrières <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe('ops dashboard', () => {
  it('renders imports with their trend and open incidents, and an incident with its whole context', { timeout: 180_000 }, async () => {
    const imp = await insertImport(stack.ctx, { name: HOSTILE, kind: 'html' });
    await stack.ctx.database.db.insert(importConfigs).values({
      importId: imp.id,
      environment: 'production',
      importerKey: 'demo-careers',
      config: { ...stack.sites.sites.acme.importerConfig() },
      fetchPolicy: { totalTimeoutMs: 10_000 },
    });
    expect((await runToEnd(stack.ctx, imp.id)).outcome).toBe('applied');
    stack.sites.sites.acme.setJobs(stack.sites.sites.acme.jobs.slice(0, 20));
    expect((await runToEnd(stack.ctx, imp.id)).outcome).toBe('applied');
    stack.sites.sites.acme.setFault({ kind: 'changed-layout' });
    await runFailure(stack.ctx, imp.id);
    await expect.poll(async () => (await incidentsOf(stack.ctx, imp.id)).length, { timeout: 30_000 }).toBe(1);
    const [incident] = await incidentsOf(stack.ctx, imp.id);
    // The dossier the person answering reads first, shown inline (escaped) with its link.
    await stack.ctx.database.db.insert(dossierVersions).values({
      importId: imp.id,
      version: 1,
      author: TEAM.developer,
      authorRole: 'developer',
      sections: { context: 'x', sources: 'x', contacts: 'x', unusualPoints: [`${HOSTILE} ids change when a job is republished`], runBook: { site_changed: 'They redesign each January: update the selector table.' } },
    });

    // Signed out, the dashboard sends the browser to the sign-in form, and back once the key is accepted.
    await withPage(browser, async (page) => {
      await page.goto(`${stack.api.base}/dashboard`);
      expect(new URL(page.url()).pathname).toBe('/auth/login');
      await page.locator('input[name="key"]').fill(stack.api.keys[TEAM.ops]);
      const [response] = await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').click()]);
      expect([new URL(page.url()).pathname, response?.status()]).toEqual(['/dashboard', 200]);

      const row = page.locator(`tr[data-import="${imp.id}"]`);
      await expect.poll(() => row.count()).toBe(1);
      // The hostile name is shown as text, and nothing in it ran.
      expect(await row.locator('td').first().innerText()).toContain(HOSTILE);
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await row.locator('td').nth(1).innerText()).toBe('requested');
      expect(await row.locator('td').nth(2).innerText()).toMatch(/^failed \(production\) Temporal/);
      expect(await row.locator('td').nth(2).locator('a').getAttribute('href')).toMatch(/^http:\/\/localhost:8233\/namespaces\/[^/]+\/workflows\/import-run%3A/);
      // The trend: two applied runs, 25 then 20 jobs.
      expect(await row.locator('svg.sparkline').getAttribute('aria-label')).toBe('jobs per run: 25, 20');
      expect((await row.locator('svg.sparkline polyline').getAttribute('points'))!.split(' ')).toHaveLength(2);
      expect(await row.locator('td').nth(4).innerText()).toBe('1');

      await page.locator(`tr[data-incident="${incident!.id}"] a`).click();
      await page.waitForURL(`${stack.api.base}/dashboard/incidents/${incident!.id}`);
      expect(await page.locator('h1').innerText()).toBe(`Incident #${incident!.id}: site_changed on ${HOSTILE}`);
      expect(await page.locator('#status').innerText()).toBe('open');
      expect(await page.locator('#error-type').innerText()).toBe('LayoutChanged');
      expect(await page.locator('#selectors').innerText()).toContain('section.liste-offres article.offre');
      expect(await page.locator('#pages').innerText()).toContain(`${stack.sites.sites.acme.url}/emplois\t200`);
      expect(await page.locator('#excerpt').innerText()).toMatch(/<html/i);
      const links = await page.locator('#links a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      expect(links.filter((href) => href.startsWith('http://localhost:8233/namespaces/'))).toHaveLength(2);
      expect(await page.locator('#events').innerText()).toContain('opened');
      expect(await page.locator('#unusual-points').innerText()).toBe(`${HOSTILE} ids change when a job is republished`);
      expect(await page.locator('#run-book').innerText()).toBe('site_changed\nThey redesign each January: update the selector table.');
      expect(await page.locator('#dossier a').getAttribute('href')).toBe(`/imports/${imp.id}/dossier`);
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    });
  });

  it('sends a signed-out browser to the sign-in form whatever it accepts, sends a CSP, and answers 404 for an unknown incident', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'text/html']) {
      const res = await fetch(`${stack.api.base}/dashboard/incidents/7?x=1`, { redirect: 'manual', headers: accept ? { accept } : {} });
      expect([res.status, res.headers.get('location')], String(accept)).toEqual([303, `/auth/login?next=${encodeURIComponent('/dashboard/incidents/7?x=1')}`]);
    }
    // An API client (a bearer key) gets its JSON 401.
    expect((await fetch(`${stack.api.base}/dashboard`, { headers: { authorization: 'Bearer lia_not-a-real-key-at-all' } })).status).toBe(401);

    const login = await fetch(`${stack.api.base}/auth/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: stack.api.keys[TEAM.ops] }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${stack.api.base}/dashboard`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    const res = await fetch(`${stack.api.base}/dashboard/incidents/999999`, { headers: { cookie } });
    expect(res.status).toBe(404);
  });
});
