import { createServer, type Server, type Socket } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../platform/config';
import { CHECK_TIMEOUT_MS, HealthService } from './health.service';

/**
 * A dependency that hangs: a TCP server that accepts every connection and never answers, as a frozen Postgres
 * (SIGSTOP) or a wedged Temporal frontend looks from the API. Real clients, real sockets, no mocks.
 */
async function blackHole(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

describe('readiness with hanging dependencies', () => {
  let pgHole: Awaited<ReturnType<typeof blackHole>>;
  let temporalHole: Awaited<ReturnType<typeof blackHole>>;
  let sql: postgres.Sql;
  let connection: Connection;
  let health: HealthService;

  beforeAll(async () => {
    pgHole = await blackHole();
    temporalHole = await blackHole();
    sql = postgres(`postgres://liaison@127.0.0.1:${pgHole.port}/liaison`, { max: 2, connect_timeout: 60, onnotice: () => {} });
    connection = Connection.lazy({ address: `127.0.0.1:${temporalHole.port}` });
    const client = new Client({ connection });
    const config = { temporalAddress: `127.0.0.1:${temporalHole.port}`, temporalNamespace: 'default', taskQueue: 'liaison' } as ServiceConfig;
    health = new HealthService(sql, client, config);
  });

  afterAll(async () => {
    for (const hole of [pgHole, temporalHole]) {
      for (const socket of hole.sockets) socket.destroy();
      hole.server.close();
    }
    await sql.end({ timeout: 0 });
    await connection.close().catch(() => undefined);
  });

  it('answers within 2 s, unavailable, naming every dependency that did not answer', async () => {
    expect(CHECK_TIMEOUT_MS).toBeLessThanOrEqual(1_500);
    const started = Date.now();
    const readiness = await health.readiness();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(readiness).toMatchObject({
      status: 'unavailable',
      failing: ['postgres', 'temporal', 'worker'],
      checks: {
        postgres: { ok: false, detail: `Postgres did not answer within ${CHECK_TIMEOUT_MS} ms` },
        temporal: { ok: false },
        worker: { ok: false },
      },
    });
  });

  it('does not pile up Postgres probes while the server stays frozen', async () => {
    const before = pgHole.sockets.size;
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const readiness = await health.readiness();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(readiness.failing).toContain('postgres');
    }
    // The first probe is still waiting: no new connection was opened for the later ones.
    expect(pgHole.sockets.size).toBe(before);
  });
});
