// Real local receivers for incident notifications: an HTTP server standing in for a Slack-compatible webhook and
// an SMTP server (smtp-server) standing in for the mail relay. Both listen on 127.0.0.1, on free ports.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface WebhookReceiver {
  url: string;
  /** Bodies of the requests answered 200, in arrival order. */
  received: { text: string; blocks: unknown[] }[];
  /** Every request, including those answered with an error. */
  attempts: number;
  /** The next `n` requests are answered 500 (to prove the channel's retries). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let failing = 0;
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> & { failNext(n: number): void } = {
    received: [],
    attempts: 0,
    failNext: (n) => {
      failing = n;
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.attempts += 1;
      if (failing > 0) {
        failing -= 1;
        res.writeHead(500).end('try again');
        return;
      }
      receiver.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookReceiver['received'][number]);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/incidents`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export interface MailReceiver {
  url: string;
  /** Raw RFC 5322 messages, in arrival order. */
  messages: { from: string; to: string[]; raw: string }[];
  close(): Promise<void>;
}

export async function startMailReceiver(): Promise<MailReceiver> {
  const messages: MailReceiver['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
