import type postgres from 'postgres';
import type { IncidentEvent } from '../../contracts';
import type { NotificationChannel, NotifySettings } from './channel';
import { emailChannel } from './email';
import { incidentMessage, type IncidentForMessage } from './message';
import { webhookChannel } from './webhook';
import { Failure, failure } from '../../contracts/failures';

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
      if (!channel) throw failure(Failure.ChannelNotConfigured, `No "${input.channel}" notification channel is configured`);
      const key = `${input.incidentId}/${input.event}/${input.channel}`;
      const [done] = await sql`select 1 from incident_notifications where key = ${key}`;
      if (done) return { status: 'already_sent' };
      const [row] = await sql<(Omit<IncidentForMessage, 'id' | 'firstSeenAt' | 'lastSeenAt'> & { id: string | number; firstSeenAt: string | Date; lastSeenAt: string | Date; import_id: string; muted_until: Date | string | null })[]>`
        select i.id, i.kind, i.status, i.environment, i.summary, i.count, i.first_seen_at as "firstSeenAt", i.last_seen_at as "lastSeenAt",
          i.acknowledged_by as "acknowledgedBy", i.resolved_by as "resolvedBy", i.context, i.import_id,
          (select m.until from import_mutes m where m.import_id = i.import_id and m.until > now()) as muted_until
        from incidents i where i.id = ${input.incidentId}`;
      if (!row) throw failure(Failure.IncidentNotFound, `Incident ${input.incidentId} does not exist`);
      if (row.muted_until) {
        await sql`insert into incident_notifications (key, incident_id, event, channel, status) values (${key}, ${input.incidentId}, ${input.event}, ${input.channel}, 'muted') on conflict (key) do nothing`;
        return { status: 'muted' };
      }
      // Timestamps from raw `sql` arrive as text (db/client.ts's drizzle driver replaces postgres.js's date parsers).
      const incident = { ...row, id: Number(row.id), firstSeenAt: new Date(row.firstSeenAt), lastSeenAt: new Date(row.lastSeenAt) };
      await channel.send(incidentMessage(incident, input.event, deps.links.apiUrl));
      // Recorded after the send: a crash in between sends twice (at least once), never zero times.
      await sql`insert into incident_notifications (key, incident_id, event, channel, status) values (${key}, ${input.incidentId}, ${input.event}, ${input.channel}, 'sent') on conflict (key) do nothing`;
      return { status: 'sent' };
    },
  };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
