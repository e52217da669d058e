// The client preview page in headless Chromium: account management creates a link, the client sees the
// import's open staging jobs (escaped), validates (the lifecycle moves on) or sends feedback (back to
// development); expired, unknown, wrong-environment links and another import's id are refused.
import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { stateQuery } from '../contracts';
import { jobs, previewLinks } from '../db/schema';
import { useBrowser, withPage } from './support/browser';
import { toClientValidation } from './support/deploy';
import { startLifecycle } from './support/lifecycle';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });
const chromium = useBrowser();

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

async function createLink(importId: string, body: Record<string, unknown> = {}) {
  const res = await stack.api.call('POST', `/imports/${importId}/preview-links`, { by: 'am.claire', ...body }, 'am.claire');
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // No PUBLIC_API_URL in the tests: the URL is built from the API's own address.
  expect(res.body.url).toBe(`${stack.api.base}${res.body.path}`);
  return { ...res.body, token: (res.body.path as string).slice('/preview/'.length) } as { id: string; path: string; token: string; expiresAt: string };
}

const XSS_TITLE = `Boulanger·ère <img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

describe('the client preview page', () => {
  it('shows the staging jobs escaped, and Validate moves the lifecycle to production_deploy', { timeout: 180_000 }, async () => {
    const { row, handle } = await toClientValidation(stack.ctx, stack.sites);
    const early = await startLifecycle(stack.ctx);
    const refused = await stack.api.call('POST', `/imports/${early.row.id}/preview-links`, { by: 'am.claire' }, 'am.claire');
    expect([refused.status, refused.body.error.code]).toEqual([409, 'wrong_stage']);
    expect((await stack.api.call('POST', `/imports/${row.id}/preview-links`, { by: 'am.claire', expiresInDays: 0 }, 'am.claire')).status).toBe(400);

    const link = await createLink(row.id, { contact: 'rh@boulangeries-martin.fr' });
    const [stored] = await stack.ctx.database.db.select().from(previewLinks).where(eq(previewLinks.id, link.id));
    expect(stored).toMatchObject({ importId: row.id, tokenHash: sha256(link.token), environment: 'staging', purpose: 'client_validation', contact: 'rh@boulangeries-martin.fr', createdBy: 'am.claire', usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(link.token);
    const days = (stored!.expiresAt.getTime() - stored!.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(14);

    // A job whose text would run script if it were not escaped.
    await stack.ctx.database.db.insert(jobs).values({
      importId: row.id,
      environment: 'staging',
      externalId: 'xss-1',
      status: 'open',
      contentHash: 'x'.repeat(64),
      data: {
        title: XSS_TITLE,
        locations: [
          { city: 'Lyon <b>centre</b>', region: null, postalCode: null, country: 'FR', remote: false },
          { city: null, region: null, postalCode: null, country: 'FR', remote: true },
        ],
        contractType: 'fixed_term',
        workingTime: 'full_time',
        contractLabel: 'CDD 8 mois',
        applyUrl: 'javascript:window.__xss=3',
        description: '<p>Pétrissage</p>',
      },
    });

    await withPage(chromium, async (page) => {
        const response = await page.goto(`${stack.api.base}${link.path}`);
        expect(response?.status()).toBe(200);
        const staged = stack.sites.sites.greenhouse.jobs;
        await expect.poll(() => page.locator('li.job').count()).toBe(staged.length + 1);
        const titles = await page.locator('li.job h2').allTextContents();
        expect(titles).toContain(staged[0]!.title);
        expect(titles).toContain(XSS_TITLE);
        expect(await page.locator('li.job[data-external-id="xss-1"] .location').textContent()).toBe('Lyon <b>centre</b>, FR / FR, Télétravail');
        // A CDD is a CDD (never "Intérim"), the working time said apart, the source's words kept.
        expect(await page.locator('li.job[data-external-id="xss-1"] .contract').textContent()).toBe('CDD · Temps plein (CDD 8 mois)');
        expect(await page.locator('.jobs img, .jobs script, .jobs b').count()).toBe(0);
        expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();

        // The detail, within the same link: no javascript: link.
        await page.locator('li.job[data-external-id="xss-1"] h2 a').click();
        await expect.poll(() => page.locator('h1').textContent()).toBe(XSS_TITLE);
        expect(await page.locator('a.apply').count()).toBe(0);
        expect(await page.locator('.description').textContent()).toBe('Pétrissage');
        await page.goBack();

        await page.locator('#validate').click();
        await expect.poll(() => page.locator('#confirmation').textContent()).toBe('Merci, vos offres sont validées.');
    });
    const state = await handle.query(stateQuery);
    expect(state.stage).toBe('production_deploy');
    expect(state.history.at(-1)).toMatchObject({ kind: 'client_decision', actor: 'client:rh@boulangeries-martin.fr', from: 'client_validation', to: 'production_deploy' });
    const [used] = await stack.ctx.database.db.select().from(previewLinks).where(eq(previewLinks.id, link.id));
    expect(used!.usedAt).toBeInstanceOf(Date);

    // A second decision through the same link: nothing to decide any more.
    const again = await fetch(`${stack.api.base}${link.path}/decision`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=validate' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Décision impossible');
  });

  it('sends feedback back to development, and refuses expired, unknown, wrong-environment links and another import', { timeout: 180_000 }, async () => {
    const first = await toClientValidation(stack.ctx, stack.sites);
    const other = await toClientValidation(stack.ctx, stack.sites);
    const link = await createLink(first.row.id, { expiresInDays: 3 });
    const otherLink = await createLink(other.row.id);

    // The form carries no import id: one sent along is refused, and the other import is untouched.
    const smuggled = await fetch(`${stack.api.base}${link.path}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'validate', importId: other.row.id }).toString(),
    });
    expect(smuggled.status).toBe(400);
    expect(await smuggled.text()).toContain('champ refusé : importId');
    expect((await other.handle.query(stateQuery)).stage).toBe('client_validation');
    expect((await first.handle.query(stateQuery)).stage).toBe('client_validation');
    const noComment = await fetch(`${stack.api.base}${link.path}/decision`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=feedback&comment=' });
    expect(noComment.status).toBe(400);

    await withPage(chromium, async (page) => {
        // A job of the other import is not reachable through this link.
        const [otherJob] = await stack.ctx.database.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.importId, other.row.id)).limit(1);
        expect((await page.goto(`${stack.api.base}${link.path}/jobs/${otherJob!.id}`))?.status()).toBe(404);

        await page.goto(`${stack.api.base}${link.path}`);
        await page.locator('#comment').fill('Il manque le salaire sur les offres à temps partiel');
        await page.locator('#send-feedback').click();
        await expect.poll(() => page.locator('#confirmation').textContent()).toBe('Merci, vos remarques ont été transmises.');

        const unknown = await page.goto(`${stack.api.base}/preview/${randomBytes(32).toString('base64url')}`);
        expect(unknown?.status()).toBe(404);
        expect(await page.locator('#error').textContent()).toBe('Lien inconnu');
        expect((await page.goto(`${stack.api.base}/preview/not-a-token`))?.status()).toBe(404);

        await stack.ctx.database.db.update(previewLinks).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(previewLinks.id, otherLink.id));
        const expired = await page.goto(`${stack.api.base}${otherLink.path}`);
        expect(expired?.status()).toBe(410);
        expect(await page.locator('#error').textContent()).toBe('Lien expiré');
        const expiredPost = await fetch(`${stack.api.base}${otherLink.path}/decision`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=validate' });
        expect(expiredPost.status).toBe(410);

        // A token stored for production (not the client-validation purpose on staging) opens nothing.
        const productionToken = randomBytes(32).toString('base64url');
        await stack.ctx.database.db.insert(previewLinks).values({ importId: other.row.id, tokenHash: sha256(productionToken), environment: 'production', purpose: 'client_validation', createdBy: 'am.claire', expiresAt: new Date(Date.now() + 86_400_000) });
        expect((await page.goto(`${stack.api.base}/preview/${productionToken}`))?.status()).toBe(404);
    });
    const state = await first.handle.query(stateQuery);
    expect(state.stage).toBe('in_development');
    expect(state.history.at(-1)).toMatchObject({ kind: 'client_decision', actor: `client:${link.id}`, from: 'client_validation', to: 'in_development', comment: 'Il manque le salaire sur les offres à temps partiel' });
    expect((await other.handle.query(stateQuery)).stage).toBe('client_validation');
  });
});
