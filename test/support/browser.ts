// Headless Chromium for the page tests (client preview, ops dashboard), driven by playwright-core. Which
// Chromium is resolved by ./chromium.ts (CHROMIUM_PATH, then the system's, then the one the
// `@sparticuz/chromium` dev dependency carries): nothing is installed by hand and nothing is downloaded.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { resolveChromium } from './chromium';

/** Where a failed page test leaves its screenshots (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Flags: this machine has no outside network, so background networking is off (else Chromium floods it).
 * Playwright gives each launch a fresh temporary profile of its own (it refuses `--user-data-dir` here).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const resolved = await resolveChromium({ explicitPath: process.env.CHROMIUM_PATH });
  await announceOnce(`page tests: Chromium from ${resolved.source} (${resolved.path})`);
  const browser = await chromium.launch({
    executablePath: resolved.path,
    headless: true,
    args: [
      ...resolved.args,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/**
 * A browser for the whole test file: launched in beforeAll, closed in afterAll (call it after `useStack`, so it
 * closes first). The returned object forwards to the launched browser, so use it inside hooks and tests.
 */
export function useBrowser(): TestBrowser {
  let launched: TestBrowser | undefined;
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get browser() {
      if (!launched) throw new Error('useBrowser: the browser is not launched yet (use it inside a hook or a test)');
      return launched.browser;
    },
    close: async () => {
      await launched?.close();
    },
  };
}

/**
 * Runs `use` on a fresh page in its own browser context, closed afterwards. When `use` throws (a failed
 * expectation included), the page is first saved as a PNG under test-results/screenshots and the error's
 * message names that file, so a red page test can be looked at.
 */
export async function withPage<T>(test: TestBrowser, use: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await test.browser.newContext();
  const page = await context.newPage();
  try {
    return await use(page, context);
  } catch (err) {
    const file = await screenshot(page).catch((shotError: unknown) => `none (${(shotError as Error).message})`);
    if (err instanceof Error) err.message += `\nscreenshot: ${file}`;
    throw err;
  } finally {
    await context.close();
  }
}

async function screenshot(page: Page): Promise<string> {
  const name = (expect.getState().currentTestName ?? 'page').replace(/[^\w.-]+/g, '-').slice(0, 120);
  const file = path.join(SCREENSHOT_DIR, `${name}-${Date.now()}.png`);
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
  return file;
}

/** Each test file runs in its own process: a marker in the run's data folder keeps the line to one per run. */
async function announceOnce(line: string): Promise<void> {
  try {
    await fs.writeFile(path.join(inject('stack').dataDir, 'chromium-announced'), line, { flag: 'wx' });
    console.log(line);
  } catch {
    // Another file of this run said it already.
  }
}
