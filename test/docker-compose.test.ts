import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ENV_NAMES, envSchema, serviceConfig } from '../platform/config';
import { searchAttributeFlags } from '../contracts/search-attributes';

// Static checks of docker-compose.yml: no Docker engine is needed. They catch the mistakes that
// otherwise only show up as a stack that hangs or crash-loops on `docker compose up`.

const repoRoot = new URL('..', import.meta.url);
const composeText = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.unknown().optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  entrypoint: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.union([z.array(z.string()), z.record(z.string(), scalar)]).optional(),
  depends_on: z
    .union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string().optional() }))])
    .optional(),
  ports: z
    .array(
      z.union([
        z.string(),
        z.number(),
        z.object({ target: z.coerce.number(), published: z.union([z.string(), z.number()]).optional() }),
      ]),
    )
    .optional(),
  volumes: z
    .array(z.union([z.string(), z.object({ type: z.string(), source: z.string().optional(), target: z.string() })]))
    .optional(),
  healthcheck: z.object({ test: z.union([z.string(), z.array(z.string())]) }).optional(),
  restart: z.string().optional(),
});
const composeSchema = z.object({ services: z.record(z.string(), serviceSchema) });
type Service = z.infer<typeof serviceSchema>;

const compose = composeSchema.parse(parse(composeText, { merge: true }));
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function env(name: string): Record<string, string> {
  const raw = service(name).environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((entry) => {
        const eq = entry.indexOf('=');
        return eq === -1 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

function envValue(serviceName: string, key: string): string {
  const value = env(serviceName)[key];
  if (value === undefined) throw new Error(`service "${serviceName}" does not set ${key}`);
  return value;
}

/** depends_on as { dependency: condition }, the short list form meaning service_started. */
function dependsOn(name: string): Record<string, string> {
  const raw = service(name).depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(Object.entries(raw).map(([dep, spec]) => [dep, spec.condition ?? 'service_started']));
}

/** Published ports as { host, container }, from "host:container", "ip:host:container" or the long form. */
function publishedPorts(name: string): { host: number | undefined; container: number }[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { host: port.published === undefined ? undefined : Number(port.published), container: port.target };
    }
    const parts = String(port).replace(/\/(tcp|udp)$/, '').split(':');
    const container = Number(parts.at(-1));
    return { host: parts.length > 1 ? Number(parts.at(-2)) : undefined, container };
  });
}

/** Bind mounts as { source (absolute, on the host), target }. */
function bindMounts(name: string): { source: string; target: string }[] {
  return (service(name).volumes ?? []).flatMap((volume) => {
    if (typeof volume === 'object') {
      return volume.type === 'bind' && volume.source ? [{ source: volume.source, target: volume.target }] : [];
    }
    const [source, target] = volume.split(':');
    if (!source || !target || !/^\.{0,2}\//.test(source)) return []; // named volume or anonymous
    return [{ source: fileURLToPath(new URL(source, repoRoot)), target }];
  });
}

function commandLine(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

function imageTag(image: string): { name: string; tag: string | undefined } {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1
    ? { name: withoutDigest, tag: undefined }
    : { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
}

function imageOf(name: string): { name: string; tag: string } {
  const image = service(name).image;
  if (!image) throw new Error(`service "${name}" has no image`);
  const parsed = imageTag(image);
  if (!parsed.tag) throw new Error(`service "${name}" image ${image} has no tag`);
  return { name: parsed.name, tag: parsed.tag };
}

const APP_SERVICES = ['api', 'worker', 'migrate'] as const;
/** Every service running the app's image: its variables are checked like the app services'. */
const IMAGE_SERVICES = [...APP_SERVICES, 'extraction-worker'] as const;
const REQUIRED_SERVICES = ['postgres', 'temporal-schema', 'temporal', 'temporal-init', 'temporal-ui', ...APP_SERVICES];

/** Where the Temporal frontend listens inside the compose network. */
function temporalFrontend(): { host: string; port: number } {
  return { host: 'temporal', port: Number(env('temporal').FRONTEND_GRPC_PORT ?? 7233) };
}

function hostAndPort(address: string): { host: string; port: number } {
  const [host = '', port = ''] = address.split(':');
  return { host, port: Number(port) };
}

describe('docker-compose.yml', () => {
  it('defines every service the stack needs', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(REQUIRED_SERVICES));
  });

  it('pins every image to a version and avoids the deprecated auto-setup image', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (svc.image === undefined) {
        expect(svc.build, `service "${name}" has neither image nor build`).toBeDefined();
        continue;
      }
      const { tag } = imageTag(svc.image);
      expect(tag, `service "${name}" image ${svc.image} has no tag`).toBeDefined();
      expect(tag, `service "${name}" image ${svc.image} is not pinned`).not.toMatch(/^(latest|main|master|nightly)$/);
      expect(tag, `service "${name}" image ${svc.image} is pinned to a bare major`).toMatch(/\d+\.\d+/);
      expect(svc.image, `service "${name}" uses temporalio/auto-setup`).not.toMatch(/auto-setup/);
    }
  });

  it('uses the official Temporal images, with admin-tools matching the server version', () => {
    const server = imageOf('temporal');
    expect(server.name).toBe('temporalio/server');
    for (const name of ['temporal-schema', 'temporal-init']) {
      const tools = imageOf(name);
      expect(tools.name, name).toBe('temporalio/admin-tools');
      // Admin-tools tags are "<server version>" or "<server version>-tctl-…-cli-…"; the image
      // carries the schema files of that server version.
      expect(tools.tag === server.tag || tools.tag.startsWith(`${server.tag}-`), `${name} ${tools.tag} vs server ${server.tag}`).toBe(true);
    }
    expect(imageOf('temporal-ui').name).toBe('temporalio/ui');
    expect(imageOf('postgres').name).toBe('postgres');
  });

  it('builds api, worker and migrate from the Dockerfile, each running its own entry point', () => {
    for (const name of APP_SERVICES) expect(service(name).build, name).toBeDefined();
    const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
    const from = /^FROM\s+(\S+)/m.exec(dockerfile)?.[1];
    expect(from).toBe('node:20-bookworm-slim');
    expect(dockerfile).toMatch(/^RUN .*npm ci\b/m);
    const defaultCmd = /^CMD\s+(.+)$/m.exec(dockerfile)?.[1];
    const commands = {
      api: service('api').command ?? (defaultCmd ? (JSON.parse(defaultCmd) as string[]) : undefined),
      worker: service('worker').command,
      migrate: service('migrate').command,
    };
    // Exec form only, and node (with tsx's loader) as the process itself: a shell or npx in front
    // does not pass SIGTERM on, so `docker compose stop` would kill the app without a clean shutdown.
    expect(commands).toEqual({
      api: ['node', '--import', 'tsx', 'apps/api/main.ts'],
      worker: ['node', '--import', 'tsx', 'apps/worker/main.ts'],
      migrate: ['node', '--import', 'tsx', 'scripts/migrate.ts'],
    });
  });

  it('sets only environment variables that platform/config.ts reads on the app services', () => {
    const known = new Set<string>(ENV_NAMES);
    for (const name of IMAGE_SERVICES) {
      const unknown = Object.keys(env(name)).filter((key) => !known.has(key));
      expect(unknown, `service "${name}" sets variables the app never reads`).toEqual([]);
    }
  });

  it('gives api and the workers a configuration the app itself accepts', () => {
    for (const name of ['api', 'worker', 'extraction-worker']) {
      const parsed = envSchema.safeParse(env(name));
      expect(parsed.error?.issues ?? [], name).toEqual([]);
      expect(() => serviceConfig(envSchema.parse(env(name))), name).not.toThrow();
    }
    expect(envSchema.safeParse(env('migrate')).success).toBe(true);
  });

  it('points DATABASE_URL at the compose Postgres and the app database, not a Temporal one', () => {
    const urls = APP_SERVICES.map((name) => envValue(name, 'DATABASE_URL'));
    expect(new Set(urls).size, 'api, worker and migrate use the same database').toBe(1);
    const url = new URL(urls[0] ?? '');
    expect(url.hostname).toBe('postgres');
    expect(services[url.hostname], 'DATABASE_URL host is a compose service').toBeDefined();
    expect(url.port || '5432').toBe('5432');
    const database = url.pathname.replace(/^\//, '');
    expect(database).toBe('liaison');

    const temporalDatabases = [
      env('temporal').DBNAME ?? 'temporal',
      env('temporal').VISIBILITY_DBNAME ?? 'temporal_visibility',
      env('temporal-schema').TEMPORAL_DB,
      env('temporal-schema').TEMPORAL_VISIBILITY_DB,
    ];
    expect(temporalDatabases).not.toContain(database);
    expect(url.username, 'the app does not log in as Temporal').not.toBe(envValue('temporal', 'POSTGRES_USER'));

    // The first-boot script creates exactly that role and database, with the password compose sets.
    const initMount = bindMounts('postgres').find((m) => m.target.startsWith('/docker-entrypoint-initdb.d/'));
    expect(initMount, 'postgres mounts an init script').toBeDefined();
    const initSql = readFileSync(initMount?.source ?? '', 'utf8');
    expect(initSql).toMatch(new RegExp(`CREATE ROLE ${url.username}\\b[^;]*LOGIN`, 'i'));
    expect(initSql).toMatch(new RegExp(`CREATE DATABASE ${database} OWNER ${url.username}\\b`, 'i'));
    expect(decodeURIComponent(url.password)).toBe(envValue('postgres', 'LIAISON_DB_PASSWORD'));
  });

  it('points every Temporal client at the temporal service frontend port', () => {
    const frontend = temporalFrontend();
    expect(frontend.port).toBe(7233);
    const addresses = ['api', 'worker', 'temporal-ui', 'temporal-init'].map((name) => ({
      name,
      address: envValue(name, 'TEMPORAL_ADDRESS'),
    }));
    for (const { name, address } of addresses) {
      expect(hostAndPort(address), name).toEqual(frontend);
    }
    expect(publishedPorts('temporal').map((p) => p.container)).toContain(frontend.port);
  });

  it('registers the namespace the app uses and the search attributes its workflows carry', () => {
    const namespace = envValue('temporal-init', 'NAMESPACE');
    for (const name of ['api', 'worker']) {
      expect(env(name).TEMPORAL_NAMESPACE ?? 'default', name).toBe(namespace);
    }
    expect(env('temporal-ui').TEMPORAL_DEFAULT_NAMESPACE ?? namespace).toBe(namespace);
    const registered = envValue('temporal-init', 'SEARCH_ATTRIBUTES').trim().split(/\s+/).sort();
    expect(registered).toEqual([...searchAttributeFlags()].sort());
  });

  it('configures the Temporal server and its schema job against the same Postgres role and databases', () => {
    const server = env('temporal');
    const schema = env('temporal-schema');
    expect(server.DB).toBe('postgres12');
    expect(services[server.POSTGRES_SEEDS ?? ''], 'POSTGRES_SEEDS is a compose service').toBeDefined();
    expect(schema.SQL_HOST).toBe(server.POSTGRES_SEEDS);
    expect(schema.SQL_PORT).toBe(server.DB_PORT ?? '5432');
    expect(schema.SQL_USER).toBe(server.POSTGRES_USER);
    expect(schema.SQL_PASSWORD).toBe(server.POSTGRES_PWD);
    expect(server.POSTGRES_PWD).toBe(envValue('postgres', 'TEMPORAL_DB_PASSWORD'));
    expect(schema.TEMPORAL_DB).toBe(server.DBNAME ?? 'temporal');
    expect(schema.TEMPORAL_VISIBILITY_DB).toBe(server.VISIBILITY_DBNAME ?? 'temporal_visibility');
  });

  it('publishes consistent ports: the API on its PORT, Temporal UI on 8233', () => {
    const apiEnv = env('api');
    expect(apiEnv.HOST, 'the API must listen beyond the container loopback').toBe('0.0.0.0');
    const port = Number(apiEnv.PORT ?? 3000);
    expect(publishedPorts('api')).toContainEqual({ host: port, container: port });
    const probe = commandLine(service('api').healthcheck?.test);
    expect(probe).toContain(`:${port}/health`);

    expect(publishedPorts('temporal-ui')).toContainEqual({ host: 8233, container: 8080 });
    for (const name of ['api', 'worker']) {
      const uiUrl = new URL(env(name).TEMPORAL_UI_URL ?? 'http://localhost:8233');
      expect(Number(uiUrl.port), `${name} TEMPORAL_UI_URL`).toBe(8233);
    }
    const uiPort = env('temporal-ui').TEMPORAL_UI_PORT;
    expect(uiPort === undefined || uiPort === '8080', 'UI listens where it is published').toBe(true);
  });

  it('has health checks for what others wait on', () => {
    expect(commandLine(service('postgres').healthcheck?.test)).toContain('pg_isready');
    expect(commandLine(service('temporal').healthcheck?.test)).toContain(String(temporalFrontend().port));
    expect(commandLine(service('api').healthcheck?.test)).toContain('/health');
  });

  it('orders start-up with depends_on conditions', () => {
    expect(dependsOn('temporal-schema')).toMatchObject({ postgres: 'service_healthy' });
    expect(dependsOn('temporal')).toMatchObject({ 'temporal-schema': 'service_completed_successfully' });
    expect(dependsOn('temporal-init')).toMatchObject({ temporal: 'service_healthy' });
    expect(dependsOn('temporal-ui')).toMatchObject({ temporal: 'service_healthy' });
    expect(dependsOn('migrate')).toMatchObject({ postgres: 'service_healthy' });
    for (const name of ['api', 'worker']) {
      expect(dependsOn(name), name).toMatchObject({
        migrate: 'service_completed_successfully',
        temporal: 'service_healthy',
        'temporal-init': 'service_completed_successfully',
      });
    }
  });

  it('only depends on services that exist and can satisfy the condition', () => {
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(name))) {
        expect(services[dep], `"${name}" depends on missing service "${dep}"`).toBeDefined();
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') {
          expect(service(dep).healthcheck, `"${dep}" has no healthcheck for "${name}" to wait on`).toBeDefined();
        }
        if (condition === 'service_completed_successfully') {
          // A restarting service never "completes": the dependant would wait forever.
          expect(service(dep).restart ?? 'no', `"${dep}" is a one-shot job`).toBe('no');
        }
      }
    }
  });

  it('has no dependency cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (done.has(name)) return;
      expect(visiting.has(name), `cycle: ${[...path, name].join(' -> ')}`).toBe(false);
      visiting.add(name);
      for (const dep of Object.keys(dependsOn(name))) if (services[dep]) visit(dep, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
  });

  it('mounts files that exist in the repository, and runs the scripts it mounts', () => {
    for (const name of Object.keys(services)) {
      for (const mount of bindMounts(name)) {
        expect(existsSync(mount.source), `${name}: ${mount.source}`).toBe(true);
      }
      const entrypoint = service(name).entrypoint;
      const scripts = (Array.isArray(entrypoint) ? entrypoint : []).filter((arg) => arg.startsWith('/opt/'));
      for (const script of scripts) {
        expect(bindMounts(name).map((m) => m.target), `${name} runs ${script}`).toContain(script);
      }
    }
    // The server reads its dynamic config from a file the compose stack mounts.
    const dynamicConfig = envValue('temporal', 'DYNAMIC_CONFIG_FILE_PATH');
    const mount = bindMounts('temporal').find((m) => dynamicConfig.startsWith(`${m.target}/`));
    expect(mount, 'DYNAMIC_CONFIG_FILE_PATH is inside a bind mount').toBeDefined();
    expect(existsSync(`${mount?.source ?? ''}${dynamicConfig.slice(mount?.target.length ?? 0)}`)).toBe(true);
  });
});
