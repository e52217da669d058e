import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartupError } from './errors';
import { resolveTemporalCli } from './temporal-cli';

let dir: string;
const quiet = () => {};

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'temporal-cli-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function executable(file: string, body = '#!/bin/sh\necho temporal\n'): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, body, { mode: 0o755 });
  return file;
}

/** A stand-in `go` that records its calls and "builds" a binary into $GOBIN, as `go install` does. */
async function fakeGo(binDir: string, calls: string): Promise<void> {
  await executable(path.join(binDir, 'go'), `#!/bin/sh\necho "$@" >> ${calls}\necho "go: downloading github.com/temporalio/cli v1.5.1" >&2\nprintf '#!/bin/sh\\necho built\\n' > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"\n`);
}

describe('resolveTemporalCli', () => {
  it('prefers TEMPORAL_CLI, then PATH, then the cache', async () => {
    const explicit = await executable(path.join(dir, 'explicit', 'temporal'));
    const onPath = await executable(path.join(dir, 'bin', 'temporal'));
    const cacheDir = path.join(dir, 'cache');
    await executable(path.join(cacheDir, 'temporal'));

    expect(await resolveTemporalCli({ explicitPath: explicit, searchPath: path.join(dir, 'bin'), cacheDir })).toEqual({ path: explicit, source: 'TEMPORAL_CLI' });
    expect(await resolveTemporalCli({ searchPath: path.join(dir, 'bin'), cacheDir })).toEqual({ path: onPath, source: 'PATH' });
    expect(await resolveTemporalCli({ searchPath: path.join(dir, 'empty'), cacheDir })).toEqual({ path: path.join(cacheDir, 'temporal'), source: 'cache' });
  });

  it('refuses a TEMPORAL_CLI that is not an executable file', async () => {
    const error = await resolveTemporalCli({ explicitPath: path.join(dir, 'missing'), searchPath: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toMatch(/TEMPORAL_CLI points at .*missing, which is not an executable file/);
  });

  it('builds with go install into the cache once, then reuses it', async () => {
    const bin = path.join(dir, 'gobin');
    const calls = path.join(dir, 'calls.txt');
    await fakeGo(bin, calls);
    const cacheDir = path.join(dir, 'cache', 'temporal-1.5.1');
    const lines: string[] = [];

    const first = await resolveTemporalCli({ searchPath: bin, cacheDir, log: (l) => lines.push(l) });
    expect(first).toEqual({ path: path.join(cacheDir, 'temporal'), source: 'built' });
    expect(lines.join('\n')).toMatch(/go: go: downloading github.com\/temporalio\/cli v1.5.1/);
    expect(await fs.readFile(calls, 'utf8')).toBe('install github.com/temporalio/cli/cmd/temporal@v1.5.1\n');

    const second = await resolveTemporalCli({ searchPath: bin, cacheDir, log: quiet });
    expect(second.source).toBe('cache');
    expect((await fs.readFile(calls, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1);
    // No staging folder or lock is left behind.
    expect((await fs.readdir(path.dirname(cacheDir))).sort()).toEqual(['temporal-1.5.1']);
  });

  it('says how to install it when there is neither a binary nor Go', async () => {
    const error = await resolveTemporalCli({ searchPath: path.join(dir, 'empty'), cacheDir: path.join(dir, 'cache'), log: quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toBe('The Temporal CLI (v1.5.1) was not found and Go is not installed to build it');
    expect((error as StartupError).hint).toMatch(/TEMPORAL_CLI=.*go install github.com\/temporalio\/cli\/cmd\/temporal@v1.5.1.*TEMPORAL_ADDRESS/);
  });

  it('reports a failed build with the end of its output', async () => {
    const bin = path.join(dir, 'gobin');
    await executable(path.join(bin, 'go'), '#!/bin/sh\necho "proxy.golang.org: connection refused" >&2\nexit 1\n');
    const error = await resolveTemporalCli({ searchPath: bin, cacheDir: path.join(dir, 'cache', 't'), log: quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).message).toMatch(/go install exited with 1[\s\S]*connection refused/);
    expect(await fs.readdir(path.join(dir, 'cache'))).toEqual([]);
  });
});
