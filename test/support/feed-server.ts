import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface FeedJob {
  id: string;
  title: string;
  city: string;
  description?: string;
}

/**
 * A client's multiposting XML feed on 127.0.0.1 whose jobs a test changes between runs, with a status
 * override to play a site that is down. With `validators` on, it sends an ETag (the body's sha1) and answers a
 * matching If-None-Match with 304, as feed hosts commonly do.
 */
export async function startFeedServer(initial: FeedJob[]) {
  let jobs = initial;
  let status = 200;
  let requests = 0;
  let notModified = 0;
  let validators = false;
  const server = http.createServer((req, res) => {
    requests += 1;
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    const body = feed(jobs);
    if (validators) {
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) {
        notModified += 1;
        res.writeHead(304, { etag }).end();
        return;
      }
      res.setHeader('etag', etag);
    }
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  return {
    url,
    get requests() {
      return requests;
    },
    /** Requests answered 304 Not Modified. */
    get notModified() {
      return notModified;
    },
    setValidators(on: boolean) {
      validators = on;
    },
    setJobs(next: FeedJob[]) {
      jobs = next;
    },
    setStatus(next: number) {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FeedServer = Awaited<ReturnType<typeof startFeedServer>>;

/**
 * A feed server for the whole test file: started in beforeAll, closed in afterAll (call it after `useStack`, so it
 * closes first). The returned object forwards to the started server, so read it inside hooks and tests.
 */
export function useFeedServer(initial: FeedJob[]): FeedServer {
  let server: FeedServer | undefined;
  beforeAll(async () => {
    server = await startFeedServer(initial);
  });
  afterAll(async () => {
    await server?.close();
  });
  const started = (): FeedServer => {
    if (!server) throw new Error('useFeedServer: the feed server is not started yet (read it inside a hook or a test)');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    get notModified() {
      return started().notModified;
    },
    setValidators: (on) => started().setValidators(on),
    setJobs: (next) => started().setJobs(next),
    setStatus: (next) => started().setStatus(next),
    close: () => started().close(),
  };
}

export function makeJobs(n: number, prefix = 'J'): FeedJob[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, title: `Chargé(e) de clientèle ${i + 1}`, city: i % 2 ? 'Lyon' : 'Montréal' }));
}

// `>` too: `]]>` is not allowed in XML character data.
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function feed(jobs: FeedJob[]): string {
  const items = jobs
    .map(
      (j) => `  <job>
    <referencenumber>${escape(j.id)}</referencenumber>
    <title>${escape(j.title)}</title>
    <date>Mon, 11 Mar 2024 09:15:00 +0100</date>
    <url>https://carrieres.example.fr/offres/${encodeURIComponent(j.id)}</url>
    <city>${escape(j.city)}</city>
    <country>FR</country>
    <description><![CDATA[${j.description ?? `<p>Poste basé à ${j.city}.</p>`}]]></description>
    <jobtype>CDI</jobtype>
  </job>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<source>\n  <publisher>Client test</publisher>\n${items}\n</source>\n`;
}
