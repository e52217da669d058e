import nodemailer from 'nodemailer';
import type { NotificationChannel } from './channel';

/** Email over SMTP (nodemailer). `smtpUrl` is `smtp://[user:pass@]host:port` (smtps:// for TLS); it is never shown. */
export function emailChannel(settings: { smtpUrl: string; from: string; to: string[] }): NotificationChannel {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    name: 'email',
    async send(message) {
      await transport.sendMail({
        from: settings.from,
        to: settings.to.join(', '),
        subject: message.title,
        text: [message.text, '', ...message.facts.map((f) => `${f.label}: ${f.value}`), '', ...message.links.map((l) => `${l.label}: ${l.url}`)].join('\n'),
      });
    },
  };
}
