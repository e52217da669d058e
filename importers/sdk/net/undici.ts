// undici's Agent and `request`, from their own files. undici's index also loads fetch, WebSocket, EventSource, the
// cache stores, the mocks and its cookies module, which reads globalThis.Headers and so loads Node's own copy of
// undici too: in a fresh process, requiring the index took 106 ms of CPU against 33 ms for these two files (27 ms
// of the difference is Node's undici), paid at the start of every compartment (a fresh process per extraction,
// README "Fleet") for code the SDK never calls. The package has no `exports` map, so its files are reachable; the
// lock file pins the version, and importers/sdk/fetch.test.ts runs every request through them.
import type { Dispatcher } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import apiRequest from 'undici/lib/api/api-request.js';

export const Agent = AgentClass;
export type Agent = InstanceType<typeof AgentClass>;

/**
 * A GET through `dispatcher`, as undici's `request(url, { dispatcher, method: 'GET', … })` sends it: the index's
 * wrapper only splits the URL into origin and path (and checks that it is http(s), which parseHttpUrl did).
 */
export function request(url: URL, options: { dispatcher: Dispatcher; headers: Record<string, string>; signal?: AbortSignal | undefined }): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(options.dispatcher, {
    headers: options.headers,
    signal: options.signal,
    origin: url.origin,
    path: url.search ? `${url.pathname}${url.search}` : url.pathname,
    method: 'GET',
  });
}
