// The demo that `npm start` shows: one client, one import and its lifecycle workflow, its staging
// configuration on a fixture career site served locally, a schedule and a first run — all created through
// the API (the same path a user takes). Idempotent: an existing demo import is reused.
import type { HtmlSite } from '../importers/sdk';

export const DEMO = {
  client: 'Boulangeries Démo',
  name: 'Career site (demo)',
  kind: 'html',
  priority: 2,
  requestedBy: 'account.manager@liaison.example',
} as const;

interface ImportSummary {
  id: string;
  name: string;
  clientName: string;
  workflowId: string;
}

export async function seedDemo(apiUrl: string, site: HtmlSite): Promise<{ id: string; workflowId: string; created: boolean }> {
  const list = (await call(`${apiUrl}/imports?limit=200`)) as { items: ImportSummary[] };
  const existing = list.items.find((item) => item.clientName === DEMO.client && item.name === DEMO.name);
  if (existing) return { id: existing.id, workflowId: existing.workflowId, created: false };
  const created = (await call(`${apiUrl}/imports`, { method: 'POST', body: JSON.stringify({ ...DEMO, sourceUrls: site.listUrls }) })) as ImportSummary;
  const staging = `${apiUrl}/imports/${created.id}/environments/staging`;
  await call(`${staging}/config`, {
    method: 'PUT',
    // The fixture site runs on 127.0.0.1: private addresses are allowed for this import only.
    body: JSON.stringify({ importerKey: 'demo-careers', config: site, fetchPolicy: { allowPrivateAddresses: true }, schedule: '0 */6 * * *' }),
  });
  await call(`${staging}/schedule`, { method: 'POST', body: JSON.stringify({}) });
  await call(`${staging}/schedule/trigger`, { method: 'POST' });
  return { id: created.id, workflowId: created.workflowId, created: true };
}

async function call(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`Seeding the demo failed: ${init.method ?? 'GET'} ${url} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}
