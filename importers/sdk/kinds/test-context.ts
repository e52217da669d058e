import { readFile } from 'node:fs/promises';
import type { ExtractContext, ExtractedJob, FidelityNote } from '../definition';
import { createExtractContext } from '../fetch';
import type { Job } from '../job';
import { contentHash, normaliseJob } from '../normalise';
import { startTestServer, type TestServer } from '../testing/http-server';

export type { TestServer as FixtureServer } from '../testing/http-server';

/**
 * Test-only helpers: a real HTTP server on 127.0.0.1 serving fixture payloads, and an extract context allowed
 * to reach it. No mocks: requests go through the production fetch policy, charset decoding and streaming.
 */

export interface FixtureRoute {
  status?: number;
  contentType?: string;
  /** A string, a file to read at request time, or chunks written one by one (streamed, chunked encoding). */
  body: string | { file: string | URL } | (() => AsyncIterable<string>);
}

/** Routes are keyed by path + query exactly as requested (`/v1/boards/acme/jobs?content=true`); others get 404. */
export function serveFixtures(routes: Record<string, FixtureRoute>): Promise<TestServer> {
  return startTestServer(async (req, res) => {
    const path = req.url ?? '/';
    const route = routes[path];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`no fixture for ${path}`);
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'application/json; charset=utf-8' });
    const { body } = route;
    if (typeof body === 'string') {
      res.end(body);
    } else if (typeof body === 'function') {
      for await (const chunk of body()) res.write(chunk);
      res.end();
    } else {
      res.end(await readFile(body.file));
    }
  });
}

export interface TestContext extends ExtractContext {
  /** Pages reported through `observe.page`. */
  pages: { url: string; status: number; bytes: number }[];
  /** Notes reported through `observe.fidelity` (entities decoded, charsets repaired or not). */
  fidelity: FidelityNote[];
  close(): Promise<void>;
}

/** The production context with private addresses allowed (fixtures live on 127.0.0.1) and pages recorded. */
export function testContext(): TestContext {
  const pages: TestContext['pages'] = [];
  const fidelity: FidelityNote[] = [];
  const ctx = createExtractContext(
    { allowPrivate: ['127.0.0.0/8'], totalTimeoutMs: 10_000 },
    {
      page: ({ url, status, bytes }) => pages.push({ url, status, bytes }),
      selector: () => undefined,
      progress: () => undefined,
      fidelity: (note) => fidelity.push(note),
    },
  );
  return { ...ctx, pages, fidelity };
}

/** Drains an importer's output. */
export async function collect(jobs: AsyncIterable<ExtractedJob>): Promise<ExtractedJob[]> {
  const out: ExtractedJob[] = [];
  for await (const job of jobs) out.push(job);
  return out;
}

/**
 * Runs `normaliseJob` on every extracted record (base URL: where it was read) and returns the jobs without their
 * hash, after checking the hash is the one of the returned content: tests then compare every other field exactly.
 * Throws with the field errors when a record does not normalise.
 */
export function normaliseAll(jobs: readonly ExtractedJob[]): Omit<Job, 'contentHash'>[] {
  return jobs.map(({ raw, sourceUrl }) => {
    const result = normaliseJob(raw, { baseUrl: sourceUrl });
    if (!result.ok) throw new Error(`${String(raw.externalId)} does not normalise: ${JSON.stringify(result.errors)}`);
    const { contentHash: hash, ...content } = result.job;
    if (hash !== contentHash(content)) throw new Error(`${String(raw.externalId)}: contentHash does not match its content`);
    return content;
  });
}
