// Bad configuration stops `npm start` with one clear message and no stack trace.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../platform/ports';

const root = fileURLToPath(new URL('..', import.meta.url));

async function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'liaison-start-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_CLI'].includes(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...base,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  await fs.rm(dataDir, { recursive: true, force: true });
  return { code, output };
}

function expectNoStackTrace(output: string) {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('start-up with bad configuration', () => {
  it('names an unreachable DATABASE_URL', async () => {
    const port = await freePort();
    const { code, output } = await start({ DATABASE_URL: `postgres://liaison@127.0.0.1:${port}/liaison` });
    expect(code).toBe(1);
    expect(output).toContain(`✖ Cannot connect to PostgreSQL at 127.0.0.1:${port}/liaison (DATABASE_URL): ECONNREFUSED`);
    expect(output).toMatch(/→ .*unset DATABASE_URL to use an embedded PostgreSQL/);
    expectNoStackTrace(output);
  });

  it('names a busy port and the variable that moves it', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const { code, output } = await start({ PORT: String(port) });
      expect(code).toBe(1);
      expect(output).toContain(`✖ Port ${port} (API) is already in use`);
      expect(output).toContain('PORT=<port>');
      expectNoStackTrace(output);
    } finally {
      server.close();
    }
  });

  it('says how to get the Temporal CLI when there is no binary and no Go', async () => {
    const { code, output } = await start({
      DATABASE_URL: inject('stack').databaseUrl,
      PATH: path.dirname(process.execPath),
      XDG_CACHE_HOME: path.join(os.tmpdir(), `liaison-empty-cache-${Date.now()}`),
    });
    expect(code).toBe(1);
    expect(output).toContain('✖ The Temporal CLI (v1.5.1) was not found and Go is not installed to build it');
    expect(output).toMatch(/→ Install it .*TEMPORAL_CLI=/);
    expectNoStackTrace(output);
  });

  it('lists invalid variables', async () => {
    const { code, output } = await start({ PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(code).toBe(1);
    expect(output).toMatch(/✖ Invalid configuration:\n {2}PORT: .*\n {2}LOG_LEVEL: /);
    expectNoStackTrace(output);
  });
});
