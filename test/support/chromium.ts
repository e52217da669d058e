// Which Chromium the page tests drive, found the way the Temporal CLI is (platform/temporal-cli.ts):
// CHROMIUM_PATH → a system Chromium or Chrome on PATH → the Chromium that the `@sparticuz/chromium` dev
// dependency carries inside its npm package (brotli-compressed, unpacked to the temporary folder on first use,
// nothing downloaded). So `npm ci && npm test` needs no browser installed by hand.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { acquireLock, isExecutable } from '../../platform/temporal-cli';

export interface ResolvedChromium {
  path: string;
  source: 'CHROMIUM_PATH' | 'PATH' | '@sparticuz/chromium';
  /** Launch flags that this binary needs on top of the common ones (the npm build runs with its own). */
  args: string[];
}

export interface ResolveChromiumOptions {
  /** Value of CHROMIUM_PATH, if set. */
  explicitPath?: string | undefined;
  /** Defaults to process.env.PATH. */
  searchPath?: string | undefined;
  /** Unpacks the packaged build, only when nothing else is found (tests replace it). */
  packaged?: () => Promise<{ path: string; args: string[] }>;
}

/** Names of a system browser, in order of preference. */
export const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * Flags of the packaged build that a test browser must not take: they switch off the very protections the page
 * tests check (same-origin policy, mixed content), and `--single-process` makes a crashed page kill the browser.
 */
const UNWANTED_PACKAGED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process', '--no-zygote']);

export async function resolveChromium(options: ResolveChromiumOptions = {}): Promise<ResolvedChromium> {
  if (options.explicitPath) {
    if (await isExecutable(options.explicitPath)) return { path: path.resolve(options.explicitPath), source: 'CHROMIUM_PATH', args: [] };
    throw new Error(`CHROMIUM_PATH=${options.explicitPath} is not an executable file: fix it, or unset it to use the system or packaged Chromium`);
  }
  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  for (const name of SYSTEM_BROWSERS) {
    for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
      const candidate = path.join(dir, name);
      if (await isExecutable(candidate)) return { path: candidate, source: 'PATH', args: [] };
    }
  }
  let packaged;
  try {
    packaged = await (options.packaged ?? unpackPackaged)();
  } catch (err) {
    throw new Error(
      `No Chromium found: CHROMIUM_PATH is unset, none of ${SYSTEM_BROWSERS.join(', ')} is on PATH, and the packaged ` +
        `@sparticuz/chromium could not be unpacked (${(err as Error).message}). Run \`npm ci\`, or set CHROMIUM_PATH.`,
    );
  }
  return { path: packaged.path, source: '@sparticuz/chromium', args: packaged.args.filter((flag) => !UNWANTED_PACKAGED_FLAGS.has(flag)) };
}

/**
 * The package unpacks itself into `os.tmpdir()` and then trusts whatever `chromium` file it finds there — a
 * half-written one after an interrupted run, or one being written by a parallel test file. So it is unpacked
 * into a private folder (TMPDIR pointed at it for the call) and renamed into a per-version cache only when
 * complete; a lock folder makes concurrent test processes wait for one unpacking (≈ 2 s).
 */
async function unpackPackaged(): Promise<{ path: string; args: string[] }> {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const manifest = JSON.parse(await fs.readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const cacheDir = path.join(base, 'liaison', `chromium-${manifest.version}`);
  const binary = path.join(cacheDir, 'chromium');
  const { default: chromium } = await import('@sparticuz/chromium');
  if (await isExecutable(binary)) return { path: binary, args: chromium.args };

  await fs.mkdir(path.dirname(cacheDir), { recursive: true });
  const lock = `${cacheDir}.lock`;
  if (!(await acquireLock(lock, 5 * 60_000))) {
    const deadline = Date.now() + 120_000;
    while (!(await isExecutable(binary))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for another process unpacking Chromium (${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { path: binary, args: chromium.args };
  }
  const staging = await fs.mkdtemp(`${cacheDir}.unpack-`);
  const previousTmp = process.env.TMPDIR;
  try {
    process.env.TMPDIR = staging;
    const unpacked = await chromium.executablePath();
    if (path.dirname(unpacked) !== staging) throw new Error(`unpacked to ${unpacked}, outside ${staging}`);
    await fs.rm(cacheDir, { recursive: true, force: true });
    await fs.rename(staging, cacheDir);
    return { path: binary, args: chromium.args };
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.rm(lock, { recursive: true, force: true });
  }
}
