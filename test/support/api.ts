// The REST API on a free port, wired to the test's task queue, database and Temporal client, with a small
// JSON client: what every API test drives.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/app.module';
import type { ServiceConfig } from '../../platform/config';
import type { TestContext } from './stack';

/**
 * The team every API test acts as: one member per role, two developers (different skills) for four-eyes reviews.
 * Pass one as `as` to `call`; tests send the same name as the decision's `by`.
 */
export const TEAM = {
  accountManager: 'am.claire',
  lead: 'lead.sophie',
  developer: 'dev.alice',
  reviewer: 'dev.bruno',
  ops: 'ops.marc',
} as const;
export type TeamMember = (typeof TEAM)[keyof typeof TEAM];

export interface TestApi {
  base: string;
  /** `as`: the team member whose API key is sent (see TEAM). */
  call(method: string, path: string, body?: unknown, as?: TeamMember): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startApi(ctx: TestContext, taskQueue = ctx.taskQueue): Promise<TestApi> {
  const config: ServiceConfig = {
    databaseUrl: ctx.stack.databaseUrl,
    temporalAddress: ctx.stack.temporalAddress,
    temporalNamespace: ctx.stack.namespace,
    temporalUiUrl: 'http://localhost:8233',
    taskQueue,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'warn',
    publicApiUrl: null,
    importer: { timeoutMs: 60_000, maxHeapMb: 256, modules: [] },
  };
  const app: INestApplication = await createApi({ config, db: ctx.database.db, sql: ctx.database.sql, temporal: ctx.env.client }, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    base,
    async call(method, path, body) {
      const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    },
    close: () => app.close(),
  };
}
