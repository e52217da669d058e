// A worker wired with incident channels pointing at the local receivers, and small polls over the incidents table.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { incidentNotifications, incidents } from '../../db/schema';
import type { Logger } from '../../platform/logger';
import { startWebhookReceiver, type MailReceiver, type WebhookReceiver } from './receivers';
import { startWorker, type TestContext } from './stack';
import type { Stack, TestWorker } from './use-stack';

/** The real worker (as `startWorker`) whose incident channels point at the local receivers. */
export function startIncidentWorker(ctx: TestContext, options: { webhook: WebhookReceiver; mail?: MailReceiver; escalateAfterMs: number; logger?: Logger }) {
  return startWorker(ctx, {
    incidents: {
      escalateAfterMs: options.escalateAfterMs,
      notify: {
        webhookUrl: options.webhook.url,
        email: options.mail ? { smtpUrl: options.mail.url, from: 'liaison@test.example', to: ['ops@test.example'] } : null,
      },
    },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/**
 * A webhook receiver and an incident worker for the whole file, started in beforeAll after `useStack`'s own hook
 * (so the stack is up) and closed before it. Read the parts inside hooks and tests.
 */
export function useIncidentWorker(stack: Stack, options: { escalateAfterMs: number }) {
  let webhook: WebhookReceiver | undefined;
  let worker: TestWorker | undefined;
  beforeAll(async () => {
    webhook = await startWebhookReceiver();
    worker = await startIncidentWorker(stack.ctx, { webhook, escalateAfterMs: options.escalateAfterMs });
  });
  afterAll(async () => {
    await worker?.stop();
    await webhook?.close();
  });
  return {
    get webhook(): WebhookReceiver {
      if (!webhook) throw new Error('useIncidentWorker: the webhook receiver is not started yet (read it inside a hook or a test)');
      return webhook;
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
