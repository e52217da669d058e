// The team console in headless Chromium, through its forms only: an account manager files a request, the lead
// plans and assigns, a developer estimates, writes the dossier and submits, a second developer answers the review
// sheet, approves and deploys to staging (a real staging run on the Greenhouse fixture board), the account manager
// sends the client link and records the validation, ops deploys to production (the real saga and verification),
// the account manager completes the hand-off. Also: what a role may not do is neither shown nor accepted, a form
// without its CSRF token is refused, hostile import names and job titles are shown as text and never run.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { importConfigs } from '../db/schema';
import { TEAM, type TeamMember } from './support/api';
import { useBrowser, withPage } from './support/browser';
import { incidentsOf } from './support/incidents';
import { runFailure, runToEnd } from './support/runs';
import { insertImport } from './support/stack';
import { useStack } from './support/use-stack';

const stack = useStack({ worker: true, sites: true, api: true });
const browser = useBrowser();

const HOSTILE = 'Carrières <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
/** As the ATS sends it (entities): the importer decodes it to the text `Vendeur <img src=x onerror=…>`. */
const HOSTILE_JOB_SOURCE = 'Vendeur &lt;img src=x onerror="window.__pwned=3"&gt; &amp; caisse';
const HOSTILE_JOB = 'Vendeur <img src=x onerror="window.__pwned=3"> & caisse';
/** CONSOLE_SCREENSHOTS=1: the main pages are saved under docs/screenshots (README). */
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '..', 'docs', 'screenshots') : null;

async function shoot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs `member` in through the sign-in form, landing on `next`. */
async function signIn(page: Page, member: TeamMember, next = '/console') {
  await page.goto(`${stack.api.base}${next}`);
  expect(new URL(page.url()).pathname).toBe('/auth/login');
  await page.locator('input[name="key"]').fill(stack.api.keys[member]);
  await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').click()]);
  expect(new URL(page.url()).pathname).toBe(next.split('?')[0]);
}

/** Runs `use` signed in as `member` on the import's page. */
const as = (member: TeamMember, importId: string, use: (page: Page) => Promise<void>) =>
  withPage(browser, async (page) => {
    await signIn(page, member, `/console/imports/${importId}`);
    await use(page);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  });

/** Submits a form and waits for the page it leads to; returns that page's HTTP status. */
async function submit(page: Page, form: string): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator(`${form} button[type="submit"]`).click()]);
  return response?.status();
}

const stageOf = async (page: Page) => (await page.locator('#stage').innerText()).trim();
const formsOn = async (page: Page) => page.locator('#actions form').evaluateAll((fs) => fs.map((f) => f.id));

/** Reloads until the stage is `stage` (staging runs, the deploy saga and verification run on their own). */
async function waitForStage(page: Page, stage: string, timeout: number) {
  await expect
    .poll(
      async () => {
        await page.reload();
        return stageOf(page);
      },
      { timeout, interval: 1_000 },
    )
    .toBe(stage);
}

describe('the team console', () => {
  let importId = '';

  it('takes an import from the request to live through the forms, each role doing its part', { timeout: 300_000 }, async () => {
    const greenhouse = stack.sites.sites.greenhouse;
    const wishedDate = `${new Date().getUTCFullYear() + 1}-01-10`;
    greenhouse.setJobs(greenhouse.jobs.map((j, i) => ({ ...j, title: `${HOSTILE_JOB_SOURCE} ${i}` })));

    // The account manager files the request; a missing URL is shown beside its field.
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.accountManager);
      await shoot(page, 'my-work-account-manager');
      await Promise.all([page.waitForNavigation(), page.locator('nav a', { hasText: 'New request' }).click()]);
      await page.locator('#f-client').fill('Boulangeries Martin');
      await page.locator('#f-name').fill(HOSTILE);
      await page.locator('#f-kind').selectOption('json');
      await page.locator('#f-sourceUrls').fill('not a url');
      // A credential's value where its secret name belongs, and a past wanted date: each refused beside its field.
      await page.locator('#f-contacts').fill('Julie Martin, RH, julie@martin.example\nPaul, +33 1 23 45 67 89, paul@');
      await page.locator('#f-credentialRefs').fill('hunter2 is the password');
      await page.locator('#f-wantedDate').fill('2020-01-01');
      expect(await submit(page, '#new-request')).toBe(400);
      for (const field of ['sourceUrls', 'credentialRefs', 'wantedDate']) expect(await page.locator(`.field-error[data-field="${field}"]`).count(), field).toBe(1);
      expect(await page.locator('.field-error[data-field="contacts"]').innerText()).toBe('line 2: must be an e-mail address');
      await page.locator('#f-contacts').fill('Julie Martin, RH, julie@martin.example\nPaul, +33 1 23 45 67 89');
      expect(await page.locator('#f-name').inputValue()).toBe(HOSTILE);
      await page.locator('#f-sourceUrls').fill('https://boards.greenhouse.io/acme');
      await page.locator('#f-priority').selectOption('2');
      await page.locator('#f-credentialRefs').fill('MARTIN_ATS_TOKEN, ATS API');
      await page.locator('#f-wantedDate').fill(wishedDate);
      await shoot(page, 'new-request');
      expect(await submit(page, '#new-request')).toBe(200);
      importId = new URL(page.url()).pathname.split('/').pop()!;
      expect(await page.locator('h1').innerText()).toBe(HOSTILE);
      expect(await stageOf(page)).toBe('requested');
      expect(await page.locator('#contacts .contact').allInnerTexts()).toEqual(['Julie Martin, RH, julie@martin.example', 'Paul, +33 1 23 45 67 89']);
      expect(await page.locator('#credential-refs').innerText()).toBe('MARTIN_ATS_TOKEN — ATS API');
      expect(await page.locator('#requested-wanted-date').innerText()).toContain(wishedDate);
      // Estimating is a developer's decision: not offered to account management.
      expect(await formsOn(page)).toContain('form-cancel');
      expect(await formsOn(page)).not.toContain('form-estimate');
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    });

    await as(TEAM.developer, importId, async (page) => {
      expect(await formsOn(page)).toContain('form-estimate');
      expect(await formsOn(page)).not.toContain('form-plan');
      await page.locator('#form-estimate #f-days').fill('2');
      await submit(page, '#form-estimate');
      expect(await stageOf(page)).toBe('estimated');
    });

    await as(TEAM.lead, importId, async (page) => {
      // The plan starts from the account manager's wish.
      expect(await page.locator('#form-plan #f-wantedDate').inputValue()).toBe(wishedDate);
      await page.locator('#form-plan #f-priority').selectOption('2');
      await page.locator('#form-plan #f-wantedDate').fill('2027-01-15');
      await submit(page, '#form-plan');
      expect(await stageOf(page)).toBe('planned');
      // The suggested developers, with the reason for each.
      const options = await page.locator('#form-assign #f-assignee option').allInnerTexts();
      expect(options.some((o) => o.startsWith(`${TEAM.developer} — `))).toBe(true);
      await page.locator('#form-assign #f-assignee').selectOption(TEAM.developer);
      await submit(page, '#form-assign');
      expect([await stageOf(page), await page.locator('#assignee').innerText()]).toEqual(['assigned', TEAM.developer]);
    });

    await as(TEAM.developer, importId, async (page) => {
      await submit(page, '#form-start-development');
      expect(await stageOf(page)).toBe('in_development');
      // Submitting without a dossier: refused, the reason shown in the form.
      await page.locator('#form-submit-review #f-version').fill('a1b2c3d');
      await page.locator('#form-submit-review #f-importerKey').fill('greenhouse');
      await page.locator('#form-submit-review #f-config').fill(JSON.stringify(greenhouse.importerConfig()));
      await page.locator('#form-submit-review #f-fetchPolicy').fill('{"totalTimeoutMs": 10000}');
      await page.locator('#form-submit-review #f-schedule').fill('0 6 * * *');
      expect(await submit(page, '#form-submit-review')).toBeGreaterThanOrEqual(400);
      expect(await page.locator('#form-submit-review .form-error').innerText()).toMatch(/dossier/i);
      await page.locator('#form-dossier #f-context').fill('Boulangeries Martin, on Greenhouse: configuration only.');
      await page.locator('#form-dossier #f-sources').fill('The public Greenhouse board; no credentials.');
      await page.locator('#form-dossier #f-contacts').fill('AM: am.claire.');
      await page.locator('#form-dossier #f-unusualPoints').fill('none');
      await submit(page, '#form-dossier');
      // The refused form kept nothing: fill it again.
      await page.locator('#form-submit-review #f-version').fill('a1b2c3d');
      await page.locator('#form-submit-review #f-importerKey').fill('greenhouse');
      await page.locator('#form-submit-review #f-config').fill(JSON.stringify(greenhouse.importerConfig()));
      await page.locator('#form-submit-review #f-fetchPolicy').fill('{"totalTimeoutMs": 10000}');
      await page.locator('#form-submit-review #f-schedule').fill('0 6 * * *');
      expect(await submit(page, '#form-submit-review')).toBe(200);
      expect(await stageOf(page)).toBe('in_review');
      // The author does not review their own work.
      expect(await formsOn(page)).not.toContain('form-review');
    });

    await as(TEAM.reviewer, importId, async (page) => {
      for (const row of await page.locator('#form-review-sheet tr[data-practice]').all()) {
        if ((await row.locator('select').inputValue()) === 'waived') await row.locator('input[type="text"]').fill('test submission on a fixture site');
      }
      expect(await submit(page, '#form-review-sheet')).toBe(200);
      await page.locator('#form-review #f-decision').selectOption('approve');
      expect(await submit(page, '#form-review')).toBe(200);
      expect(await formsOn(page)).toContain('form-deploy-staging');
      await submit(page, '#form-deploy-staging');
      await waitForStage(page, 'client_validation', 90_000);
      // The staging jobs, the hostile title shown as text.
      const titles = await page.locator('#jobs [data-env="staging"] .job-title').allInnerTexts();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((t) => t.startsWith(`${HOSTILE_JOB} `)), titles.join('\n')).toBe(true);
      await shoot(page, 'import-page-developer');
    });

    await as(TEAM.accountManager, importId, async (page) => {
      expect(await formsOn(page)).toEqual(expect.arrayContaining(['form-preview-links', 'form-client-decision']));
      expect(await formsOn(page)).not.toContain('form-deploy-production');
      await page.locator('#form-preview-links #f-contact').fill('drh@boulangeries-martin.fr');
      expect(await submit(page, '#form-preview-links')).toBe(200);
      expect(await page.locator('#preview-link code').innerText()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/preview\//);
      await page.locator('#form-client-decision #f-decision').selectOption('validate');
      await submit(page, '#form-client-decision');
      expect(await stageOf(page)).toBe('production_deploy');
    });

    await as(TEAM.ops, importId, async (page) => {
      expect(await formsOn(page)).toContain('form-deploy-production');
      expect(await formsOn(page)).not.toContain('form-client-decision');
      await page.locator('#form-deploy-production #f-comment').fill('Validated by the client');
      await submit(page, '#form-deploy-production');
      await waitForStage(page, 'handed_off', 120_000);
      // Staging and production side by side: the same configuration once deployed.
      expect(await page.locator('#config-diff tr.differs').count()).toBe(0);
    });

    await as(TEAM.accountManager, importId, async (page) => {
      await page.locator('#form-complete-hand-off #f-appActivated').check();
      await page.locator('#form-complete-hand-off #f-campaignsStarted').check();
      await submit(page, '#form-complete-hand-off');
      expect(await stageOf(page)).toBe('live');
      const timeline = await page.locator('#timeline tr[data-decision]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-decision')));
      expect(timeline).toEqual(['requested', 'estimate', 'plan', 'assign', 'start_development', 'submit_review', 'review', 'deploy_staging', 'staging_run', 'client_decision', 'deploy_production', 'production_deployed', 'verification_passed', 'hand_off']);
      await shoot(page, 'import-page-live');
    });

    // The production run: what it made, paged; its revert offered to ops (the latest applied), not to account management.
    const runHref = await withPage(browser, async (page) => {
      await signIn(page, TEAM.ops, `/console/imports/${importId}`);
      const href = await page.locator('#runs tr[data-run]', { hasText: 'production' }).first().locator('a').first().getAttribute('href');
      await page.goto(`${stack.api.base}${href}`);
      expect(await page.locator('#run-status').innerText()).toBe('applied');
      expect(await page.locator('#diff tr[data-op="create"]').count()).toBe(greenhouse.jobs.length);
      expect((await page.locator('#diff .job-title').allInnerTexts()).every((t) => t.startsWith(`${HOSTILE_JOB} `))).toBe(true);
      expect(await page.locator('#form-run-revert').count()).toBe(1);
      expect(await page.locator('#form-run-decision').count()).toBe(0);
      await shoot(page, 'run-page');
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      return href!;
    });
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.accountManager, runHref);
      expect(await page.locator('#run-status').innerText()).toBe('applied');
      expect(await page.locator('#form-run-revert').count()).toBe(0);
    });
    // The lead's board: the import in its stage column, its name as text.
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.lead, '/console/board');
      const card = page.locator(`section[data-stage="live"] .board-card[data-import="${importId}"]`);
      expect(await card.locator('a').first().innerText()).toBe(HOSTILE);
      await shoot(page, 'planning-board');
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    });
  });

  it('lets the people on duty acknowledge and resolve an incident, with the diff of the run that caused it', { timeout: 180_000 }, async () => {
    const imp = await insertImport(stack.ctx, { name: HOSTILE, kind: 'html' });
    await stack.ctx.database.db.insert(importConfigs).values({ importId: imp.id, environment: 'production', importerKey: 'demo-careers', config: { ...stack.sites.sites.acme.importerConfig() }, fetchPolicy: { totalTimeoutMs: 10_000 } });
    expect((await runToEnd(stack.ctx, imp.id)).outcome).toBe('applied');
    stack.sites.sites.acme.setFault({ kind: 'changed-layout' });
    await runFailure(stack.ctx, imp.id);
    await expect.poll(async () => (await incidentsOf(stack.ctx, imp.id)).length, { timeout: 30_000 }).toBe(1);
    const [incident] = await incidentsOf(stack.ctx, imp.id);
    stack.sites.sites.acme.setFault(null);

    // Account management reads it, and may not act on it.
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.accountManager, `/console/incidents/${incident!.id}`);
      expect(await page.locator('#incident-status').innerText()).toBe('open');
      expect(await page.locator('#form-acknowledge, #form-resolve, #form-mute').count()).toBe(0);
    });
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.ops);
      expect(await page.locator(`#incidents tr[data-incident="${incident!.id}"]`).count()).toBe(1);
      await Promise.all([page.waitForNavigation(), page.locator(`#incidents tr[data-incident="${incident!.id}"] a`).first().click()]);
      expect(await page.locator('h1').innerText()).toBe(`Incident #${incident!.id}: site_changed`);
      await shoot(page, 'incident-page');
      await submit(page, '#form-acknowledge');
      expect(await page.locator('#incident-status').innerText()).toBe('acknowledged');
      // Resolving needs a cause and a fix: the refusal is shown on the page.
      expect(await submit(page, '#form-resolve')).toBe(422);
      await page.locator('#form-resolve #f-cause').fill('The site moved its list');
      await page.locator('#form-resolve #f-fix').fill('Selectors updated');
      await submit(page, '#form-resolve');
      expect(await page.locator('#incident-status').innerText()).toBe('resolved');
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    });
  });

  it('shows a quarantined run with the diff it would make, and takes its discard from the form', { timeout: 120_000 }, async () => {
    const greenhouse = stack.sites.sites.greenhouse;
    const created = await stack.api.call('POST', '/imports', { client: 'Quarantine Co', name: 'Quarantine', kind: 'json', sourceUrls: ['https://boards.greenhouse.io/acme'] }, TEAM.accountManager);
    const id = created.body.id as string;
    const config = { importerKey: 'greenhouse', config: greenhouse.importerConfig(), fetchPolicy: { totalTimeoutMs: 10_000 } };
    expect((await stack.api.call('PUT', `/imports/${id}/environments/staging/config`, config, TEAM.developer)).status).toBe(200);
    const runsOf = async () => (await stack.api.call('GET', `/imports/${id}/runs`, undefined, TEAM.developer)).body as { id: string; status: string }[];
    await stack.api.call('POST', `/imports/${id}/environments/staging/runs`, {}, TEAM.developer);
    await expect.poll(async () => (await runsOf()).map((r) => r.status), { timeout: 30_000 }).toEqual(['applied']);
    greenhouse.setFault({ kind: 'drop', keep: 0 });
    try {
      await stack.api.call('POST', `/imports/${id}/environments/staging/runs`, {}, TEAM.developer);
      await expect.poll(async () => (await runsOf())[0]?.status, { timeout: 30_000 }).toBe('quarantined');
    } finally {
      greenhouse.setFault(null);
    }
    const [quarantined] = await runsOf();

    // Account management reads it; deciding is for the builders (staging).
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.accountManager, `/console/runs/${quarantined!.id}`);
      expect(await page.locator('#run-status').innerText()).toBe('quarantined');
      expect(await page.locator('#form-run-decision').count()).toBe(0);
    });
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.developer);
      expect(await page.locator(`#quarantined tr[data-run="${quarantined!.id}"]`).count()).toBe(0); // not assigned to them
      await page.goto(`${stack.api.base}/console/runs/${quarantined!.id}`);
      expect(await page.locator('#diff p.muted').innerText()).toMatch(/would change/);
      expect(await page.locator('#checks').innerText()).toContain('minimum_count');
      await page.locator('#form-run-decision #f-decision').selectOption('discard');
      await page.locator('#form-run-decision #f-comment').fill('site in maintenance');
      await submit(page, '#form-run-decision');
      expect(await page.locator('#run-status').innerText()).toBe('discarded');
    });
  });

  it('shows each role only what it may do, and refuses the rest', async () => {
    expect(importId).not.toBe('');
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.developer);
      expect(await page.locator('nav a', { hasText: 'New request' }).count()).toBe(0);
      expect(await page.locator('#assigned').count()).toBe(1);
      expect(await page.locator('#intake').count()).toBe(0);
      // A page for another role: refused by the permission table.
      expect((await page.goto(`${stack.api.base}/console/board`))?.status()).toBe(403);
      expect((await page.goto(`${stack.api.base}/console/requests/new`))?.status()).toBe(403);
    });
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.lead);
      expect(await page.locator('#intake').count()).toBe(1);
      expect(await page.locator('#workload').count()).toBe(1);
      await shoot(page, 'my-work-lead');
    });
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.ops);
      expect(await page.locator('#incidents').count()).toBe(1);
      expect(await page.locator('#failed-deploys').count()).toBe(1);
      expect(await page.locator('#missed-schedules').count()).toBe(1);
    });
  });

  it('refuses a form without its CSRF token, and a decision the role may not take even with it', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, TEAM.accountManager, `/console/imports/${importId}`);
      const cookies = await page.context().cookies();
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const post = (path: string, form: Record<string, string>) =>
        fetch(`${stack.api.base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
      // The same form the page has, its token removed or altered.
      expect((await post('/console/imports', { client: 'X', name: 'Y', kind: 'json', sourceUrls: 'https://example.com' })).status).toBe(403);
      expect((await post('/console/imports', { _csrf: 'forged', client: 'X', name: 'Y', kind: 'json', sourceUrls: 'https://example.com' })).status).toBe(403);
      // In the browser: the token removed from a real form.
      await page.goto(`${stack.api.base}/console/requests/new`);
      const token = await page.locator('#new-request input[name="_csrf"]').inputValue();
      await page.locator('#new-request input[name="_csrf"]').evaluate((input) => input.remove());
      await page.locator('#f-client').fill('X');
      await page.locator('#f-name').fill('Y');
      await page.locator('#f-sourceUrls').fill('https://example.com');
      expect(await submit(page, '#new-request')).toBe(403);
      // With the token, a decision of another role (ops' production deploy) is still refused.
      expect((await post(`/console/imports/${importId}/deploy-production`, { _csrf: token })).status).toBe(403);
      // And the token of one session is no good for another.
      const other = await fetch(`${stack.api.base}/auth/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: stack.api.keys[TEAM.accountManager] }) });
      const otherCookie = other.headers.get('set-cookie')!.split(';')[0]!;
      const reused = await fetch(`${stack.api.base}/console/imports`, { method: 'POST', redirect: 'manual', headers: { cookie: otherCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, client: 'X', name: 'Y', kind: 'json', sourceUrls: 'https://example.com' }).toString() });
      expect(reused.status).toBe(403);
    });
  });
});
