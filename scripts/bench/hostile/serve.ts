import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * One answer of a hostile source. `body` may be a generator: hostile sizes (300 MB) are produced piece by piece as
 * the client reads, never held whole, so the test measures the parser, not the fixture. `everyMs` paces chunks.
 */
export interface HostileRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer | (() => Iterable<string | Buffer>);
  everyMs?: number;
  /** Never answer (headers never sent). */
  hang?: boolean;
}

export type HostileRoutes = Record<string, HostileRoute>;

export interface HostileServer {
  origin: string;
  /** Body bytes written per path: what the client made the source send before it stopped reading. */
  sent: Map<string, number>;
  close(): Promise<void>;
}

/** Routes keyed by path + query; `{origin}` in a string body or header is replaced by the server's origin. */
export async function serveHostile(routes: (origin: string) => HostileRoutes): Promise<HostileServer> {
  const sent = new Map<string, number>();
  let table: HostileRoutes = {};
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void answer(req, res).catch(() => res.destroy());
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const route = table[path];
    res.on('error', () => undefined);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no hostile fixture for ${path}`);
      return;
    }
    if (route.hang) return; // the socket stays open, silent, until the client gives up
    res.writeHead(route.status ?? 200, route.headers ?? {});
    const body = route.body ?? '';
    if (typeof body !== 'function') {
      sent.set(path, Buffer.byteLength(body));
      res.end(body);
      return;
    }
    let bytes = 0;
    for (const chunk of body()) {
      if (res.destroyed || req.destroyed) break;
      bytes += Buffer.byteLength(chunk);
      sent.set(path, bytes);
      // Back-pressure: a client that stopped reading stops the generator too.
      if (!res.write(chunk)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      if (route.everyMs) await sleep(route.everyMs);
    }
    res.end();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(origin);
  return {
    origin,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
