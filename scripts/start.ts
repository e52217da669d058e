// `npm start`: the whole stack on one machine. Postgres (embedded unless DATABASE_URL), a Temporal dev
// server (unless TEMPORAL_ADDRESS), migrations, the worker and the API as child processes, a demo import.
// A crashed worker or API is restarted with backoff (platform/supervise.ts) while the rest stays up. Ctrl-C stops
// every child cleanly; a second start reuses the data folder, and the demo keys it printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Env, loadEnv } from '../platform/config';
import { type DevStack, startDevStack } from '../platform/dev-stack';
import { reportFatal, StartupError } from '../platform/errors';
import { assertPortFree } from '../platform/ports';
import { supervise, type Supervised } from '../platform/supervise';
import { startClientSites } from '../demo/sites/server';
import { seedDemo, seedDemoTeam } from './seed-demo';

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const env = loadEnv();
  await assertPortFree(env.PORT, 'API', 'PORT');
  await assertPortFree(env.DEMO_SITES_PORT, 'demo client sites', 'DEMO_SITES_PORT');
  const stack = await startDevStack({
    env,
    temporal: { port: env.TEMPORAL_PORT, uiPort: env.TEMPORAL_UI_PORT, persistent: true },
    postgres: { port: env.EMBEDDED_PG_PORT, database: 'liaison', dataDir: path.join(env.DATA_DIR, 'postgres') },
    log,
  });
  const children: Supervised[] = [];
  // Fixture client career sites (demo/sites) on 127.0.0.1, so the demo import has a real site to run on.
  const sites = await startClientSites({ port: env.DEMO_SITES_PORT });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('\nStopping…');
    await Promise.all(children.map((child) => child.stop()));
    await sites.close();
    await stack.stop();
    log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  process.on('uncaughtException', (err) => {
    reportFatal(err);
    void shutdown(1);
  });

  try {
    const temporalUiUrl = stack.temporalUiUrl ?? env.TEMPORAL_UI_URL;
    children.push(...startApps(env, stack, temporalUiUrl));
    const apiUrl = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`;
    await waitForReady(apiUrl);
    const keysFile = path.join(env.DATA_DIR, 'demo-keys.json');
    const keys = await seedDemoTeam(stack.databaseUrl, { keysFile });
    const demo = await seedDemo(apiUrl, sites.sites.acme.importerConfig(), keys);
    log(upMessage({ apiUrl, temporalUiUrl, databaseUrl: stack.databaseUrl, demo, siteUrl: sites.sites.acme.url, keys, keysFile, dataDir: env.DATA_DIR }));
  } catch (err) {
    reportFatal(err);
    await shutdown(1);
  }
}

/** The worker and the API as supervised children, told where Postgres and Temporal are. */
function startApps(env: Env, stack: DevStack, temporalUiUrl: string): Supervised[] {
  // The demo sites are on 127.0.0.1: the worker may fetch from there (the platform allowlist, as ops would set it).
  const allowPrivate = [...new Set([...env.FETCH_ALLOW_PRIVATE, '127.0.0.1/32'])].join(',');
  const childEnv = {
    ...process.env,
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_UI_URL: temporalUiUrl,
    FETCH_ALLOW_PRIVATE: allowPrivate,
  };
  const app = (name: string, entry: string): Supervised =>
    supervise({
      name,
      start: () => spawn(process.execPath, ['--import', 'tsx', entry], { cwd: root, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] }),
      log: (line) => console.error(line),
    });
  return [app('worker', 'apps/worker/main.ts'), app('API', 'apps/api/main.ts')];
}

/** What `npm start` prints once everything answers: where each part is, and the demo team's keys. */
function upMessage(up: {
  apiUrl: string;
  temporalUiUrl: string;
  databaseUrl: string;
  demo: { id: string; workflowId: string; created: boolean };
  siteUrl: string;
  keys: Record<string, string>;
  keysFile: string;
  dataDir: string;
}): string {
  const { apiUrl, demo, keys } = up;
  return [
    '',
    'Liaison is up.',
    `  API           ${apiUrl}`,
    `  API docs      ${apiUrl}/docs`,
    `  Readiness     ${apiUrl}/ready`,
    `  Temporal UI   ${up.temporalUiUrl}`,
    `  PostgreSQL    ${up.databaseUrl}  (a shell: npm run psql)`,
    `  Demo import   ${apiUrl}/imports/${demo.id}  (${demo.created ? 'created' : 'already there'}; workflow ${demo.workflowId})`,
    `                runs: ${apiUrl}/imports/${demo.id}/runs — on the fixture career site ${up.siteUrl}/emplois`,
    '',
    `API keys of the demo team (kept in ${up.keysFile} for this local demo; send as "Authorization: Bearer <key>"):`,
    ...Object.entries(keys).map(([handle, key]) => `  ${handle.padEnd(12)}  ${key}`),
    `  e.g. curl -H "Authorization: Bearer ${keys['lead.demo']}" ${apiUrl}/imports`,
    '',
    'A crashed worker or API is restarted by itself. Ctrl-C stops everything; the data stays in ' + up.dataDir,
  ].join('\n');
}

/** Waits until /ready says ok (Postgres, Temporal and a polling worker), for at most two minutes. */
async function waitForReady(apiUrl: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${apiUrl}/ready`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
      last = await res.text();
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StartupError(`The API did not become ready within 2 minutes: ${last}`);
}

main().catch((err) => {
  reportFatal(err);
  process.exit(1);
});
