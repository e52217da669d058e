import { ApplicationFailure } from '@temporalio/activity';
import type postgres from 'postgres';
import type { IncidentEvent } from '../../contracts';
import * as db from '../../db/queries/incidents';
import type { NotificationChannel, NotifySettings } from './channel';
import { emailChannel } from './email';
import { incidentMessage, type IncidentForMessage } from './message';
import { webhookChannel } from './webhook';

export interface NotifyActivityDeps {
  sql: postgres.Sql;
  notify?: NotifySettings | undefined;
  /** Base URL of the API, for the dashboard link; null leaves it out. */
  links: { apiUrl: string | null };
}

/** The channels the settings configure, built once per worker (nodemailer pools its SMTP connection). */
export function buildChannels(settings: NotifySettings | undefined): Map<string, NotificationChannel> {
  const channels = new Map<string, NotificationChannel>();
  if (settings?.webhookUrl) channels.set('webhook', webhookChannel(settings.webhookUrl));
  if (settings?.email && settings.email.to.length > 0) channels.set('email', emailChannel(settings.email));
  return channels;
}

/**
 * Notification activities of the health workflow: one activity per channel and state change, so Temporal retries
 * each channel on its own. A muted import (`import_mutes`) is recorded as muted and sent nowhere.
 */
export function createNotifyActivities(deps: NotifyActivityDeps) {
  const channels = buildChannels(deps.notify);
  const { sql } = deps;
  return {
    async notificationChannels(): Promise<{ channels: string[] }> {
      return { channels: [...channels.keys()] };
    },

    async sendNotification(input: { channel: string; incidentId: number; event: IncidentEvent }): Promise<{ status: 'sent' | 'muted' | 'already_sent' }> {
      const channel = channels.get(input.channel);
      if (!channel) throw ApplicationFailure.create({ type: 'ChannelNotConfigured', message: `No "${input.channel}" notification channel is configured`, nonRetryable: true });
      const key = `${input.incidentId}/${input.event}/${input.channel}`;
      if (await db.notificationRecorded(sql, key)) return { status: 'already_sent' };
      const row = await db.incidentToNotify(sql, input.incidentId);
      if (!row) throw ApplicationFailure.create({ type: 'IncidentNotFound', message: `Incident ${input.incidentId} does not exist`, nonRetryable: true });
      const notification = { key, incidentId: input.incidentId, event: input.event, channel: input.channel };
      if (row.mutedUntil) {
        await db.recordNotification(sql, { ...notification, status: 'muted' });
        return { status: 'muted' };
      }
      const { importId: _importId, mutedUntil: _mutedUntil, ...view } = row;
      const incident: IncidentForMessage = {
        ...view,
        id: Number(row.id),
        firstSeenAt: new Date(row.firstSeenAt),
        lastSeenAt: new Date(row.lastSeenAt),
        // The context the incident activities wrote (activities/incidents/context.ts).
        context: row.context as IncidentForMessage['context'],
      };
      await channel.send(incidentMessage(incident, input.event, deps.links.apiUrl));
      // Recorded after the send: a crash in between sends twice (at least once), never zero times.
      await db.recordNotification(sql, { ...notification, status: 'sent' });
      return { status: 'sent' };
    },
  };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
