import type { ServerResponse } from 'node:http';
import type { SiteJob } from './jobs';

/**
 * What can go wrong with a client site, switchable per site while the server runs. Every fault may be limited to
 * one path with `onlyPath` (relative to the site: "/emplois?page=2"; without "?" the query is ignored).
 */
export type Fault = (
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Headers at once, then the body in `chunks` pieces (default 4), each after `delayMs` of silence. */
  | { kind: 'slow'; delayMs: number; chunks?: number }
  /** Never answers (no headers): for connect/headers timeouts. */
  | { kind: 'hang' }
  /** Html sites: other class names and structure, so the importer's selectors match nothing. JSON: renamed keys. */
  | { kind: 'changed-layout' }
  /** 200 with a "site en maintenance" HTML page, on every path (JSON and XML endpoints included, as CDNs do). */
  | { kind: 'maintenance' }
  /** The body stops at `fraction` (default 0.5) of its bytes, and the response still ends cleanly. */
  | { kind: 'truncated'; fraction?: number }
  /** The first job is listed twice in a row (same id). */
  | { kind: 'duplicates' }
  /** Only the first `keep` jobs are listed: a volume drop. */
  | { kind: 'drop'; keep: number }
  /** One field's element (html) or property (JSON, XML) is left out of every job. */
  | { kind: 'break-field'; field: BreakableField }
  /** Html sites: the listing's own count ("42 offres") says `count`, whatever it lists (a count the site forgot to update). */
  | { kind: 'shown-count'; count: number }
) & { onlyPath?: string };

export type BreakableField = 'title' | 'location' | 'contract' | 'salary' | 'date' | 'description' | 'department';

export function faultApplies(fault: Fault | null, sitePath: string): fault is Fault {
  if (fault === null) return false;
  if (fault.onlyPath === undefined) return true;
  return fault.onlyPath.includes('?') ? fault.onlyPath === sitePath : fault.onlyPath === sitePath.split('?')[0];
}

/** The jobs a listing shows under the fault: fewer for `drop`, the first one twice for `duplicates`. */
export function listedJobs(jobs: readonly SiteJob[], fault: Fault | null): readonly SiteJob[] {
  if (fault?.kind === 'drop') return jobs.slice(0, fault.keep);
  if (fault?.kind === 'duplicates' && jobs.length > 0) return [jobs[0]!, ...jobs];
  return jobs;
}

/** How renderers see the fault. */
export interface RenderFault {
  changedLayout: boolean;
  broken: BreakableField | null;
  /** The count the listing shows instead of the number of jobs it lists. */
  shownCount: number | null;
}

export function renderFault(fault: Fault | null): RenderFault {
  return {
    changedLayout: fault?.kind === 'changed-layout',
    broken: fault?.kind === 'break-field' ? fault.field : null,
    shownCount: fault?.kind === 'shown-count' ? fault.count : null,
  };
}

export const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Site en maintenance</title>
</head>
<body>
  <div class="maintenance"><h1>Site en maintenance</h1><p>Nous revenons très vite. Merci de votre patience.</p></div>
</body>
</html>
`;

export function errorPage(status: number): string {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Erreur ${status}</title></head><body><h1>Erreur ${status}</h1></body></html>`;
}

/** A rendered response: chunks are written one by one (chunked encoding), as a streaming server would. */
export interface Reply {
  status: number;
  contentType: string;
  chunks: Buffer[];
}

export function reply(contentType: string, body: string | Buffer | (string | Buffer)[], status = 200): Reply {
  const parts = Array.isArray(body) ? body : [body];
  return { status, contentType, chunks: parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)) };
}

/** Resolves after `ms`, or at once when `signal` aborts (server closing): pending trickles must not hold it open. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Splits bytes into `n` pieces of nearly equal size (a piece may end inside a UTF-8 sequence, as on the wire). */
function split(body: Buffer, n: number): Buffer[] {
  const size = Math.max(1, Math.ceil(body.length / n));
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) out.push(body.subarray(at, at + size));
  return out;
}

/** Writes a reply, applying the body faults (slow, truncated). No Content-Length: the body is always chunked. */
export async function send(res: ServerResponse, r: Reply, fault: Fault | null, closing: AbortSignal): Promise<void> {
  let chunks = r.chunks;
  let delayMs = 0;
  if (fault?.kind === 'truncated') {
    const whole = Buffer.concat(chunks);
    chunks = [whole.subarray(0, Math.floor(whole.length * (fault.fraction ?? 0.5)))];
  } else if (fault?.kind === 'slow') {
    chunks = split(Buffer.concat(chunks), fault.chunks ?? 4);
    delayMs = fault.delayMs;
  }
  res.writeHead(r.status, { 'content-type': r.contentType, 'cache-control': 'no-store' });
  res.flushHeaders();
  for (const chunk of chunks) {
    // A pause between writes makes each chunk its own read on the client: a real stream, not one buffered body.
    if (delayMs > 0) await pause(delayMs, closing);
    else await new Promise((resolve) => setImmediate(resolve));
    if (res.destroyed || closing.aborted) return;
    res.write(chunk);
  }
  res.end();
}
