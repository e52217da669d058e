import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { UsageError } from './errors';

// No charset on purpose: the SDK then reads the document's own declaration (<meta charset>, <?xml encoding?>),
// so a saved windows-1252 page is decoded as the client's server would have had it decoded.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

export interface FixtureServer {
  /** `http://127.0.0.1:<port>/<file name>`: what `--url` becomes. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves one saved file on 127.0.0.1 for `try --fixture`. Every path answers with it: ATS importers append their
 * API path to `baseUrl`, and a saved API response should still be what they read.
 */
export async function serveFixtureFile(file: string): Promise<FixtureServer> {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (type === undefined) {
    throw new UsageError(`--fixture ${file}: unknown extension, use one of ${Object.keys(CONTENT_TYPES).join(', ')}`);
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (err) {
    throw new UsageError(`--fixture ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${encodeURIComponent(path.basename(file))}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
