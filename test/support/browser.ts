// Headless Chromium for the page tests (client preview, ops dashboard): Debian's `chromium` package driven by
// playwright-core. No browser is downloaded; .ci/run installs the package, and CHROMIUM_PATH points elsewhere.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(`No Chromium found (looked at ${CANDIDATES.join(', ')}). Install it with 'apt-get install -y chromium' or set CHROMIUM_PATH.`);
  }
  return found;
}

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Flags: this machine has no outside network, so background networking is off (else Chromium floods it).
 * Playwright gives each launch a fresh temporary profile of its own (it refuses `--user-data-dir` here).
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
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
