import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HtmlConfig, HtmlSite, JsonldConfig } from '../../importers/sdk';
import type { GreenhouseConfig } from '../../importers/greenhouse';
import type { LeverConfig } from '../../importers/lever';
import type { MultipostingXmlConfig } from '../../importers/multiposting-xml';
import type { RecruiteeConfig } from '../../importers/recruitee';
import type { WorkableConfig } from '../../importers/workable';
import { errorPage, type Fault, faultApplies, listedJobs, MAINTENANCE_PAGE, type Reply, renderFault, reply, send } from './faults';
import { DEFAULT_JOBS, type SiteJob } from './jobs';
import { ATS_ACCOUNT, type AtsName, loadAtsTemplates, renderAtsSite } from './render/ats';
import { FEED_PATH, renderFeedSite } from './render/feed';
import { genericHtmlConfig, type HtmlSiteOptions, renderHtmlSite } from './render/html';
import { jsonldSiteConfig, renderJsonldSite } from './render/jsonld';

/** The importer that reads each site: a registered key, or `html`/`jsonld` for the generic kinds (test/sites/importers.ts). */
export type ImporterKey = 'demo-careers' | 'html' | 'jsonld' | 'multiposting-xml' | 'greenhouse' | 'lever' | 'workable' | 'recruitee';

/**
 * Fake client career sites and ATS boards on one real HTTP server (127.0.0.1), each under its own path prefix
 * ("/acme/emplois", "/greenhouse/v1/boards/acme/jobs"…). Pages are rendered from each site's in-memory jobs at
 * request time, and every site has a switchable fault. Importers reach it only through the platform allowlist
 * (FETCH_ALLOW_PRIVATE: vitest.config.ts and `npm start` set it to loopback).
 *
 *   const sites = await startClientSites();
 *   const run = await runSite(sites.sites.greenhouse);            // run.ts: real importer + normaliseJob
 *   sites.sites.acme.setJobs(removeJob(DEFAULT_JOBS, '1005'));   // jobs.ts helpers
 *   sites.sites.acme.setFault({ kind: 'status', status: 503, onlyPath: '/emplois?page=2' });
 *   sites.reset(); await sites.close();
 */

export interface RequestRecord {
  site: SiteName | null;
  method: string;
  /** Path and query as requested, prefix included: "/acme/emplois?page=2". */
  path: string;
  /** Status sent, or null while unanswered (a `hang` fault never answers). */
  status: number | null;
}

export interface SiteControl<Config> {
  readonly name: SiteName;
  /** The site's root: `${baseUrl}/${name}`. */
  readonly url: string;
  /** The importer that reads this site (see `SITE_IMPORTERS`), and its configuration for this server. */
  readonly importerKey: ImporterKey;
  importerConfig(): Config;
  /** Current dataset. */
  readonly jobs: readonly SiteJob[];
  setJobs(jobs: readonly SiteJob[]): void;
  readonly fault: Fault | null;
  setFault(fault: Fault | null): void;
  /** This site's requests, oldest first. */
  readonly requests: RequestRecord[];
}

/** The html sites also fit the generic html kind (key "html"), which reads countries and currencies. */
export interface HtmlSiteControl extends SiteControl<HtmlSite> {
  genericConfig(): HtmlConfig;
}

export interface Sites {
  /** Paginated html career site in demo-careers's markup (UTF-8). */
  acme: HtmlSiteControl;
  /** The same site served as ISO-8859-1 bytes. */
  latin1: HtmlSiteControl;
  jsonld: SiteControl<JsonldConfig>;
  /** Multiposting XML feed, streamed. */
  feed: SiteControl<MultipostingXmlConfig>;
  greenhouse: SiteControl<GreenhouseConfig>;
  lever: SiteControl<LeverConfig>;
  workable: SiteControl<WorkableConfig>;
  recruitee: SiteControl<RecruiteeConfig>;
}
export type SiteName = keyof Sites;
export const SITE_NAMES: readonly SiteName[] = ['acme', 'latin1', 'jsonld', 'feed', 'greenhouse', 'lever', 'workable', 'recruitee'];

export interface ClientSites {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  sites: Sites;
  /** Every request, oldest first. */
  requests: RequestRecord[];
  /** Every site back to the initial jobs and no fault; the request log emptied. */
  reset(): void;
  close(): Promise<void>;
}

export interface ClientSitesOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** Initial dataset of every site; `DEFAULT_JOBS` (25 jobs) by default. */
  jobs?: readonly SiteJob[];
}

type Render = (sitePath: string, all: readonly SiteJob[], listed: readonly SiteJob[], fault: Fault | null) => Reply | null;

interface SiteState {
  jobs: readonly SiteJob[];
  fault: Fault | null;
  render: Render;
}

function html(name: 'acme' | 'latin1'): HtmlSiteOptions {
  return name === 'acme'
    ? { prefix: '/acme', charset: 'utf-8', applyHost: 'candidature.acme.example' }
    : { prefix: '/latin1', charset: 'iso-8859-1', applyHost: 'emplois.acme-ancien.example' };
}

/** What the request handler and the site controls share: each site's jobs, fault and renderer, the request log. */
interface SitesRuntime {
  state: Record<SiteName, SiteState>;
  requests: RequestRecord[];
  closing: AbortController;
}

export async function startClientSites(options: ClientSitesOptions = {}): Promise<ClientSites> {
  const initial = Object.freeze([...(options.jobs ?? DEFAULT_JOBS)]);
  const templates = await loadAtsTemplates();
  let baseUrl = '';
  const renders = siteRenders(templates, () => baseUrl);
  const state = Object.fromEntries(SITE_NAMES.map((n) => [n, { jobs: initial, fault: null, render: renders[n] }])) as Record<SiteName, SiteState>;
  const rt: SitesRuntime = { state, requests: [], closing: new AbortController() };

  const server = createServer((req, res) => {
    handleRequest(rt, req, res).catch((err: unknown) => {
      // A bug in a renderer must show in the test, not as a hang.
      if (res.headersSent) res.destroy(err instanceof Error ? err : new Error(String(err)));
      else res.writeHead(599, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    sites: siteControls(rt, baseUrl),
    requests: rt.requests,
    reset() {
      for (const name of SITE_NAMES) Object.assign(state[name], { jobs: initial, fault: null });
      rt.requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        rt.closing.abort();
        // Hanging and trickling responses would otherwise keep close() waiting forever.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Each site's renderer; the JSON-LD site writes absolute URLs, known once the server listens (`baseUrl`). */
function siteRenders(templates: Awaited<ReturnType<typeof loadAtsTemplates>>, baseUrl: () => string): Record<SiteName, Render> {
  const ats = (name: AtsName): Render => (path, _all, listed, fault) => renderAtsSite(name, templates, path, listed, renderFault(fault));
  return {
    acme: (path, all, listed, fault) => renderHtmlSite(html('acme'), path, all, listed, renderFault(fault)),
    latin1: (path, all, listed, fault) => renderHtmlSite(html('latin1'), path, all, listed, renderFault(fault)),
    jsonld: (path, all, listed, fault) => renderJsonldSite('/jsonld', baseUrl(), path, all, listed, renderFault(fault)),
    feed: (path, _all, listed, fault) => renderFeedSite(path, listed, renderFault(fault)),
    greenhouse: ats('greenhouse'),
    lever: ats('lever'),
    workable: ats('workable'),
    recruitee: ats('recruitee'),
  };
}

async function handleRequest({ state, requests, closing }: SitesRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? '/';
  const segment = /^\/([a-z0-9]+)(\/[^?]*)?(\?.*)?$/.exec(path);
  const name = segment && (SITE_NAMES as readonly string[]).includes(segment[1]!) ? (segment[1] as SiteName) : null;
  const record: RequestRecord = { site: name, method: req.method ?? 'GET', path, status: null };
  requests.push(record);
  const answer = (r: Reply, fault: Fault | null = null) => {
    record.status = r.status;
    return send(res, r, fault, closing.signal);
  };
  if (name === null) return answer(reply('text/plain; charset=utf-8', `no site at ${path}`, 404));
  if (req.method !== 'GET') return answer(reply('text/plain; charset=utf-8', 'GET only', 405));
  const site = state[name];
  const sitePath = `${segment?.[2] ?? '/'}${segment?.[3] ?? ''}`;
  const fault = faultApplies(site.fault, sitePath) ? site.fault : null;
  if (fault?.kind === 'hang') return; // the socket stays open until the client gives up or the server closes
  if (fault?.kind === 'status') {
    if (fault.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(fault.retryAfterSeconds));
    return answer(reply('text/html; charset=utf-8', errorPage(fault.status), fault.status));
  }
  if (fault?.kind === 'maintenance') return answer(reply('text/html; charset=utf-8', MAINTENANCE_PAGE));
  const rendered = site.render(sitePath, site.jobs, listedJobs(site.jobs, fault), fault);
  return answer(rendered ?? reply('text/html; charset=utf-8', errorPage(404), 404), fault);
}

function siteControl<Config>({ state, requests }: SitesRuntime, baseUrl: string, name: SiteName, importerKey: ImporterKey, importerConfig: (url: string) => Config): SiteControl<Config> {
  const url = `${baseUrl}/${name}`;
  return {
    name,
    url,
    importerKey,
    importerConfig: () => importerConfig(url),
    get jobs() {
      return state[name].jobs;
    },
    setJobs(jobs) {
      state[name].jobs = Object.freeze([...jobs]);
    },
    get fault() {
      return state[name].fault;
    },
    setFault(fault) {
      if (fault?.kind === 'drop' && !(Number.isInteger(fault.keep) && fault.keep >= 0)) throw new Error(`drop.keep must be an integer ≥ 0, got ${fault.keep}`);
      state[name].fault = fault === null ? null : { ...fault };
    },
    get requests() {
      return requests.filter((r) => r.site === name);
    },
  };
}

/** Every site's control, with the importer and configuration that read it. */
function siteControls(rt: SitesRuntime, baseUrl: string): Sites {
  const control = <Config>(name: SiteName, importerKey: ImporterKey, importerConfig: (url: string) => Config) => siteControl(rt, baseUrl, name, importerKey, importerConfig);
  // Object.assign, not a spread: a spread would copy the `jobs`/`fault` getters' current values.
  const htmlControl = (name: 'acme' | 'latin1'): HtmlSiteControl =>
    Object.assign(control(name, 'demo-careers', (url): HtmlSite => ({ listUrls: [`${url}/emplois`] })), {
      genericConfig: () => genericHtmlConfig(`${baseUrl}/${name}/emplois`),
    });
  return {
    acme: htmlControl('acme'),
    latin1: htmlControl('latin1'),
    jsonld: control('jsonld', 'jsonld', jsonldSiteConfig),
    feed: control('feed', 'multiposting-xml', (url) => ({ feedUrl: `${url}${FEED_PATH}`, itemElement: 'job' })),
    greenhouse: control('greenhouse', 'greenhouse', (url) => ({ boardToken: ATS_ACCOUNT, contractTypeField: 'Type de contrat', baseUrl: url })),
    // 10 per page: the default 25 jobs take three requests, the last one short.
    lever: control('lever', 'lever', (url) => ({ company: ATS_ACCOUNT, pageSize: 10, baseUrl: url })),
    workable: control('workable', 'workable', (url) => ({ subdomain: ATS_ACCOUNT, baseUrl: url })),
    recruitee: control('recruitee', 'recruitee', (url) => ({ company: ATS_ACCOUNT, baseUrl: url })),
  };
}
