// The demo that `npm start` shows: one client, one import and its lifecycle workflow, its staging
// configuration on a fixture career site served locally, a schedule and a first run — all created through
// the API (the same path a user takes). Idempotent: an existing demo import is reused.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hashApiKey } from '../apps/api/auth/keys';
import { ensureMemberWithKey } from '../apps/api/team/bootstrap';
import type { CreateMember } from '../apps/api/team/team.dto';
import { connectDatabase } from '../db/client';
import { revokeLabelledKeys, validLabelledKeys } from '../db/queries/team';
import type { HtmlSite } from '../importers/sdk';

export const DEMO = {
  client: 'Boulangeries Démo',
  name: 'Career site (demo)',
  kind: 'html',
  priority: 2,
  requestedBy: 'am.demo',
} as const;

interface ImportSummary {
  id: string;
  name: string;
  clientName: string;
  workflowId: string;
}

/** The demo team: one member per role; `npm start` prints their keys so a newcomer can call the API. */
export const DEMO_TEAM: CreateMember[] = [
  { handle: 'lead.demo', name: 'Demo Lead', email: 'lead@liaison.example', role: 'lead', skills: ['html', 'xml'], weeklyCapacityDays: 2 },
  { handle: 'am.demo', name: 'Demo Account Manager', email: 'am@liaison.example', role: 'account_manager', skills: [], weeklyCapacityDays: 5 },
  { handle: 'dev.demo', name: 'Demo Developer', email: 'dev@liaison.example', role: 'developer', skills: ['html', 'json', 'greenhouse'], weeklyCapacityDays: 5 },
  { handle: 'ops.demo', name: 'Demo Ops', email: 'ops@liaison.example', role: 'ops', skills: [], weeklyCapacityDays: 5 },
];

/** The label of the keys `npm start` makes, so that the next start can revoke them. */
const DEMO_KEY_LABEL = 'npm start';

/**
 * Creates the demo team if needed and a key per member (keys are stored hashed: old ones cannot be shown). With a
 * `keysFile` (`npm start`: the data folder), the plain keys of the last start are kept there for this local demo
 * only, and reused while every one of them is still valid, so a restart of the same data folder prints the same keys.
 * Otherwise, or when one was revoked, the keys an earlier start made are revoked and fresh ones written.
 */
export async function seedDemoTeam(databaseUrl: string, options: { keysFile?: string } = {}): Promise<Record<string, string>> {
  const database = connectDatabase(databaseUrl, { max: 1 });
  try {
    const kept = options.keysFile ? await readKeys(options.keysFile) : null;
    if (kept && DEMO_TEAM.every((m) => typeof kept[m.handle] === 'string')) {
      const valid = await validLabelledKeys(database.db, DEMO_TEAM.map((m) => hashApiKey(kept[m.handle]!)), DEMO_KEY_LABEL);
      if (valid.length === DEMO_TEAM.length) return Object.fromEntries(DEMO_TEAM.map((m) => [m.handle, kept[m.handle]!]));
    }
    await revokeLabelledKeys(database.db, DEMO_TEAM.map((m) => m.handle), DEMO_KEY_LABEL);
    const keys: Record<string, string> = {};
    for (const member of DEMO_TEAM) keys[member.handle] = (await ensureMemberWithKey(database.db, member, DEMO_KEY_LABEL)).key;
    if (options.keysFile) {
      await mkdir(path.dirname(options.keysFile), { recursive: true });
      // Readable by this user only: they are working credentials of the local demo.
      await writeFile(options.keysFile, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
    }
    return keys;
  } finally {
    await database.close();
  }
}

async function readKeys(file: string): Promise<Record<string, string> | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch {
    return null;
  }
}

export async function seedDemo(apiUrl: string, site: HtmlSite, keys: Record<string, string>): Promise<{ id: string; workflowId: string; created: boolean }> {
  const call = (url: string, init: RequestInit = {}, as = 'lead.demo') => callAs(url, init, keys[as]!);
  const list = (await call(`${apiUrl}/imports?limit=200`)) as { items: ImportSummary[] };
  const existing = list.items.find((item) => item.clientName === DEMO.client && item.name === DEMO.name);
  if (existing) return { id: existing.id, workflowId: existing.workflowId, created: false };
  const created = (await call(`${apiUrl}/imports`, { method: 'POST', body: JSON.stringify({ ...DEMO, sourceUrls: site.listUrls }) }, 'am.demo')) as ImportSummary;
  const staging = `${apiUrl}/imports/${created.id}/environments/staging`;
  await call(`${staging}/config`, {
    method: 'PUT',
    // The fixture site runs on 127.0.0.1: private addresses are allowed for this import only.
    body: JSON.stringify({ importerKey: 'demo-careers', config: site, schedule: '0 */6 * * *' }),
  });
  await call(`${staging}/schedule`, { method: 'POST', body: JSON.stringify({}) });
  await call(`${staging}/schedule/trigger`, { method: 'POST' });
  return { id: created.id, workflowId: created.workflowId, created: true };
}

async function callAs(url: string, init: RequestInit, key: string): Promise<unknown> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`Seeding the demo failed: ${init.method ?? 'GET'} ${url} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}
