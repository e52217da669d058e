// The REST API on a free port, wired to the test's task queue, database and Temporal client, with a small
// JSON client: what every API test drives.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { expect } from 'vitest';
import { createApi } from '../../apps/api/app.module';
import { ensureMemberWithKey } from '../../apps/api/team/bootstrap';
import type { CreateMember } from '../../apps/api/team/team.dto';
import type { ServiceConfig } from '../../platform/config';
import type { Logger } from '../../platform/logger';
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

/** Each TEAM member as created by `startApi` (role, skills, capacity): what the planning tests rank. */
export const TEAM_MEMBERS: Record<TeamMember, CreateMember> = {
  'am.claire': { handle: 'am.claire', name: 'Claire Dubois', email: 'claire@liaison.example', role: 'account_manager', skills: [], weeklyCapacityDays: 5 },
  'lead.sophie': { handle: 'lead.sophie', name: 'Sophie Laurent', email: 'sophie@liaison.example', role: 'lead', skills: ['html', 'xml'], weeklyCapacityDays: 2 },
  'dev.alice': { handle: 'dev.alice', name: 'Alice Martin', email: 'alice@liaison.example', role: 'developer', skills: ['html', 'jsonld', 'json', 'greenhouse'], weeklyCapacityDays: 5 },
  'dev.bruno': { handle: 'dev.bruno', name: 'Bruno Petit', email: 'bruno@liaison.example', role: 'developer', skills: ['xml', 'json', 'multiposting'], weeklyCapacityDays: 4 },
  'ops.marc': { handle: 'ops.marc', name: 'Marc Girard', email: 'marc@liaison.example', role: 'ops', skills: [], weeklyCapacityDays: 5 },
};

export interface TestApi {
  base: string;
  /** `as`: the team member whose API key is sent as `Authorization: Bearer …` (see TEAM); none → no key. */
  call(method: string, path: string, body?: unknown, as?: TeamMember): Promise<{ status: number; body: any }>;
  /** `call` expecting success (201 for creating an import, 200 otherwise); a failure shows the response body. Returns the body. */
  ok(method: string, path: string, body: unknown, as: TeamMember): Promise<any>;
  /** The API key `startApi` created for each TEAM member. */
  keys: Record<TeamMember, string>;
  /** The Nest application (its router lists every route: the access tests enumerate them). */
  app: INestApplication;
  close(): Promise<void>;
}

/** `logger`: the API's pino logger (a test capturing its lines); none by default. */
export async function startApi(ctx: TestContext, taskQueue = ctx.taskQueue, options: { logger?: Logger } = {}): Promise<TestApi> {
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
    importer: { timeoutMs: 60_000, maxHeapMb: 256 },
  };
  const app: INestApplication = await createApi({ config, db: ctx.database.db, sql: ctx.database.sql, temporal: ctx.env.client }, { logger: options.logger ?? false });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // The members exist once per database (several files share it); each API started gets fresh keys.
  const keys = {} as Record<TeamMember, string>;
  for (const member of Object.values(TEAM_MEMBERS)) keys[member.handle as TeamMember] = (await ensureMemberWithKey(ctx.database.db, member, 'tests')).key;
  const call: TestApi['call'] = async (method, path, body, as) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (as) headers.authorization = `Bearer ${keys[as]}`;
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    base,
    keys,
    app,
    call,
    async ok(method, path, body, as) {
      const res = await call(method, path, body, as);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(method === 'POST' && path === '/imports' ? 201 : 200);
      return res.body;
    },
    close: () => app.close(),
  };
}

/** A dossier with every section a submission for review needs (contracts/dossier.ts). */
export const FILLED_DOSSIER = {
  context: 'Acme, on Greenhouse: the `greenhouse` importer, configuration only.',
  sources: 'The public Greenhouse board; no credentials. One run a day.',
  contacts: 'AM: am.claire. Client HR: hr@acme.example.',
  unusualPoints: ['none'],
  runBook: {},
};

/** Writes the next version of an import's dossier (FILLED_DOSSIER unless given) and returns its body. */
export async function writeDossier(api: TestApi, importId: string, as: TeamMember, sections: Partial<typeof FILLED_DOSSIER> & Record<string, unknown> = {}) {
  const current = await api.call('GET', `/imports/${importId}/dossier`, undefined, as);
  const res = await api.call('PUT', `/imports/${importId}/dossier`, { baseVersion: current.body.version, ...FILLED_DOSSIER, ...sections }, as);
  if (res.status !== 200) throw new Error(`PUT dossier: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Answers the review sheet of the revision under review as a reviewer who finds nothing wrong: every manual
 * practice ok, every failing automatic one waived (test submissions use fixture sites on 127.0.0.1).
 */
export async function passReviewSheet(api: TestApi, importId: string, as: TeamMember) {
  const sheet = (await api.call('GET', `/imports/${importId}/review-sheet`, undefined, as)).body;
  const answers = (sheet.practices as { id: string; result: { status: string } | null }[]).flatMap((p) =>
    p.result === null ? [{ practice: p.id, answer: 'ok' }] : p.result.status === 'fail' ? [{ practice: p.id, answer: 'waived', comment: 'test submission on a fixture site' }] : [],
  );
  const res = await api.call('PUT', `/imports/${importId}/review-sheet`, { revision: sheet.revision, answers }, as);
  if (res.status !== 200) throw new Error(`PUT review-sheet: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
