import type { IncidentMessage, NotificationChannel } from './channel';

/**
 * A Slack-compatible incoming webhook: `{ text, blocks }` (Slack shows `text` in notifications and `blocks` in the
 * channel; Mattermost, Rocket.Chat and Teams' Slack-compatible endpoints read the same). Non-2xx throws, so the
 * activity is retried.
 */
export function webhookChannel(url: string, options: { timeoutMs?: number } = {}): NotificationChannel {
  return {
    name: 'webhook',
    async send(message) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(slackPayload(message)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`Webhook answered HTTP ${res.status}`);
      await res.arrayBuffer();
    },
  };
}

export function slackPayload(message: IncidentMessage) {
  return {
    text: message.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: message.text.slice(0, 2900) } },
      ...(message.facts.length > 0 ? [{ type: 'section', fields: message.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${f.label}*\n${f.value}`.slice(0, 1900) })) }] : []),
      ...(message.links.length > 0 ? [{ type: 'context', elements: message.links.map((l) => ({ type: 'mrkdwn', text: `<${l.url}|${l.label}>` })) }] : []),
    ],
  };
}
