// Fetch-policy relaxations are platform settings: the private allowlist (FETCH_ALLOW_PRIVATE) and the maxima of an
// import's limits come from the environment ops set, never from an import's configuration.
import { describe, expect, it } from 'vitest';
import { FETCH_POLICY_MAXIMA } from '../importers/sdk';
import { TEAM } from './support/api';
import { configuredImport, runFailure, startRun } from './support/runs';
import { startWorker } from './support/stack';
import { useStack } from './support/use-stack';

// This file's worker is the production platform: nothing private is reachable, whatever an import asks.
const stack = useStack({ worker: { fetch: { allowPrivate: [], maxima: FETCH_POLICY_MAXIMA } }, sites: true, api: true });

describe('the private allowlist', () => {
  it('is not an import setting: a stored allowPrivateAddresses does not open loopback', async () => {
    const row = await configuredImport(stack.ctx, { importerKey: 'greenhouse', config: { ...stack.sites.sites.greenhouse.importerConfig() } });
    // A row written before the setting moved to the platform.
    await stack.ctx.database.sql`update import_configs set fetch_policy = fetch_policy || '{"allowPrivateAddresses": true}'::jsonb where import_id = ${row.id}`;
    const { cause } = await runFailure(stack.ctx, row.id);
    expect(cause.type).toBe('ForbiddenAddress');
    expect(cause.message).toMatch(/127\.0\.0\.1 .*\(loopback\); .*FETCH_ALLOW_PRIVATE/);
  });

  it("comes from the worker's environment (vitest.config.ts sets loopback), down to the compartment", async () => {
    const row = await configuredImport(stack.ctx, { importerKey: 'greenhouse', config: { ...stack.sites.sites.greenhouse.importerConfig() } });
    const taskQueue = `${stack.ctx.taskQueue}-env`;
    const worker = await startWorker(stack.ctx, { taskQueue });
    try {
      const handle = await startRun(stack.ctx, row.id, {}, taskQueue);
      expect(await handle.result()).toMatchObject({ outcome: 'applied' });
    } finally {
      await worker.stop();
    }
  });
});

describe('platform maxima', () => {
  it('refuses an import configuration asking for more, naming the field and the maximum (422 platform_limit)', async () => {
    const created = await stack.api.call('POST', '/imports', { client: 'Acme', name: 'Limits', kind: 'json', sourceUrls: [`${stack.sites.baseUrl}/greenhouse`] }, TEAM.accountManager);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const body = (fetchPolicy: Record<string, unknown>) => ({ importerKey: 'greenhouse', config: stack.sites.sites.greenhouse.importerConfig(), fetchPolicy });
    const over = await stack.api.call('PUT', `/imports/${id}/environments/staging/config`, body({ maxStreamBytes: FETCH_POLICY_MAXIMA.maxStreamBytes + 1, totalTimeoutMs: 10_000 }), TEAM.lead);
    expect(over.status, JSON.stringify(over.body)).toBe(422);
    expect(over.body.error.code).toBe('platform_limit');
    expect(over.body.error.message).toBe(`fetchPolicy.maxStreamBytes: ${FETCH_POLICY_MAXIMA.maxStreamBytes + 1} is above the platform maximum of ${FETCH_POLICY_MAXIMA.maxStreamBytes} (set by ops with FETCH_MAX_STREAM_BYTES)`);
    expect(over.body.error.details.fields).toEqual([expect.objectContaining({ field: 'fetchPolicy.maxStreamBytes', maximum: FETCH_POLICY_MAXIMA.maxStreamBytes })]);

    const relaxed = await stack.api.call('PUT', `/imports/${id}/environments/staging/config`, body({ allowPrivateAddresses: true }), TEAM.lead);
    expect(relaxed.status).toBe(400);
    expect(JSON.stringify(relaxed.body)).toMatch(/allowPrivateAddresses/);

    const within = await stack.api.call('PUT', `/imports/${id}/environments/staging/config`, body({ maxStreamBytes: FETCH_POLICY_MAXIMA.maxStreamBytes }), TEAM.lead);
    expect(within.status, JSON.stringify(within.body)).toBe(200);
  });
});
