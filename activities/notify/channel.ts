import type { IncidentEvent } from '../../contracts';

/** What every channel is given: a rendered message, nothing secret in it (see message.ts). */
export interface IncidentMessage {
  incidentId: number;
  event: IncidentEvent;
  /** One line: what happened, where. */
  title: string;
  /** Plain text, several lines: the figures, the error, the links. */
  text: string;
  /** Key facts as label/value pairs (Slack fields, email lines). */
  facts: { label: string; value: string }[];
  links: { label: string; url: string }[];
}

/** A way to tell the team. Each send is one activity attempt: Temporal retries it, so `send` just throws. */
export interface NotificationChannel {
  readonly name: string;
  send(message: IncidentMessage): Promise<void>;
}

export interface NotifySettings {
  /** Slack-compatible incoming webhook. */
  webhookUrl: string | null;
  email: { smtpUrl: string; from: string; to: string[] } | null;
}
