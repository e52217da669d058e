import net from 'node:net';
import { StartupError } from './errors';

/** True when nothing listens on host:port (we try to bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails start-up with one clear message when a port we need is taken. */
export async function assertPortFree(port: number, what: string, envName: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new StartupError(
      `Port ${port} (${what}) is already in use`,
      `Stop the process using it (\`ss -ltnp 'sport = :${port}'\` shows which), or choose another port with ${envName}=<port>.`,
    );
  }
}

/** A port the OS says is free right now, for test servers. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
