import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveChromium } from './chromium';

let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'liaison-chromium-'));
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function file(name: string, mode: number): Promise<string> {
  const target = path.join(dir, name);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, '#!/bin/sh\n', { mode });
  return target;
}

const packagedNeverUsed = async () => {
  throw new Error('the packaged build must not be used here');
};

describe('resolveChromium', () => {
  it('takes CHROMIUM_PATH first, and refuses one that is not an executable file', async () => {
    const explicit = await file('custom/chrome', 0o755);
    await file('bin/chromium', 0o755);
    expect(await resolveChromium({ explicitPath: explicit, searchPath: path.join(dir, 'bin'), packaged: packagedNeverUsed })).toEqual({
      path: explicit,
      source: 'CHROMIUM_PATH',
      args: [],
    });
    const notExecutable = await file('custom/readme', 0o644);
    await expect(resolveChromium({ explicitPath: notExecutable, packaged: packagedNeverUsed })).rejects.toThrow(`CHROMIUM_PATH=${notExecutable} is not an executable file`);
  });

  it('finds a system Chromium or Chrome on PATH, in the order of SYSTEM_BROWSERS, skipping non-executables', async () => {
    await file('a/chromium', 0o644);
    const chrome = await file('a/google-chrome', 0o755);
    const chromiumBrowser = await file('b/chromium-browser', 0o755);
    const searchPath = [path.join(dir, 'a'), path.join(dir, 'b')].join(path.delimiter);
    expect(await resolveChromium({ searchPath, packaged: packagedNeverUsed })).toEqual({ path: chromiumBrowser, source: 'PATH', args: [] });
    await fs.rm(chromiumBrowser);
    expect((await resolveChromium({ searchPath, packaged: packagedNeverUsed })).path).toBe(chrome);
  });

  it('falls back to the packaged build, without the flags that would switch off what the page tests check', async () => {
    const resolved = await resolveChromium({
      searchPath: path.join(dir, 'empty'),
      packaged: async () => ({ path: '/cache/chromium', args: ['--no-pings', '--disable-web-security', '--single-process', '--headless=shell'] }),
    });
    expect(resolved).toEqual({ path: '/cache/chromium', source: '@sparticuz/chromium', args: ['--no-pings', '--headless=shell'] });
  });

  it('says every place it looked when nothing is found', async () => {
    await expect(
      resolveChromium({
        searchPath: path.join(dir, 'empty'),
        packaged: async () => {
          throw new Error('Cannot find package');
        },
      }),
    ).rejects.toThrow(/CHROMIUM_PATH is unset, none of chromium, chromium-browser, google-chrome, google-chrome-stable is on PATH.*Cannot find package/);
  });
});
