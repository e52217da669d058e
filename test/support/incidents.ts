// A worker wired with incident channels pointing at the local receivers, and small polls over the incidents table.
import { asc, eq } from 'drizzle-orm';
import { DEFAULT_LIMITS } from '../../activities/compartment/run-extraction';
import { createWorker } from '../../apps/worker/worker';
import { incidentNotifications, incidents } from '../../db/schema';
import type { Logger } from '../../platform/logger';
import { deployFaults } from './deploy-faults';
import type { MailReceiver, WebhookReceiver } from './receivers';
import type { TestContext } from './stack';

export async function startIncidentWorker(ctx: TestContext, options: { webhook: WebhookReceiver; mail?: MailReceiver; escalateAfterMs: number; logger?: Logger }) {
  const worker = await createWorker({
    connection: ctx.env.nativeConnection,
    namespace: ctx.stack.namespace,
    taskQueue: ctx.taskQueue,
    deps: {
      db: ctx.database.db,
      sql: ctx.database.sql,
      temporal: ctx.env.client,
      databaseUrl: ctx.stack.databaseUrl,
      links: { temporalUiUrl: 'http://localhost:8233', namespace: ctx.stack.namespace, apiUrl: 'http://127.0.0.1:3000' },
      compartment: { limits: DEFAULT_LIMITS, importerModules: [], batchSize: 500 },
      incidents: {
        escalateAfterMs: options.escalateAfterMs,
        notify: {
          webhookUrl: options.webhook.url,
          email: options.mail ? { smtpUrl: options.mail.url, from: 'liaison@test.example', to: ['ops@test.example'] } : null,
        },
      },
    },
    workflowBundle: { codePath: ctx.stack.workflowBundlePath },
    activityInterceptors: [deployFaults],
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

export async function incidentsOf(ctx: TestContext, importId: string) {
  return ctx.database.db.select().from(incidents).where(eq(incidents.importId, importId)).orderBy(asc(incidents.id));
}

export async function notificationsOf(ctx: TestContext, incidentId: number) {
  const rows = await ctx.database.db.select().from(incidentNotifications).where(eq(incidentNotifications.incidentId, incidentId)).orderBy(asc(incidentNotifications.id));
  return rows.map((r) => `${r.event}/${r.channel}/${r.status}`);
}

/** Webhook messages about one import (told apart by its client's name, unique per test import): title, then the section's text. */
export const messagesAbout = (webhook: WebhookReceiver, client: string) =>
  webhook.received
    .filter((m) => m.text.includes(client))
    .map((m) => [m.text, ...m.blocks.map((b) => (b as { type: string; text?: { text?: string } }).type === 'section' ? ((b as { text?: { text?: string } }).text?.text ?? '') : '')].join('\n'));
