import { describe, expect, it } from 'vitest';
import { incidentMessage, redact } from './message';
import { slackPayload } from './webhook';

describe('incident messages', () => {
  it('masks credentials an error message may quote', () => {
    expect(redact('HTTP 401 for https://api.example.fr/jobs?page=2&api_key=abc123&x=1')).toBe('HTTP 401 for https://api.example.fr/jobs?page=2&api_key=***&x=1');
    expect(redact('fetch https://bob:hunter2@feed.example.fr/x.xml')).toBe('fetch https://***@feed.example.fr/x.xml');
    expect(redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x')).toBe('Authorization: Bearer ***');
  });

  it('renders the figures, the broken selector and the links as a Slack-compatible payload', () => {
    const message = incidentMessage(
      {
        id: 7,
        kind: 'site_changed',
        status: 'open',
        environment: 'production',
        summary: 'Run quarantined: selectors: 1 selector matched nothing',
        count: 2,
        firstSeenAt: new Date('2026-11-28T10:00:00Z'),
        lastSeenAt: new Date('2026-11-28T11:00:00Z'),
        acknowledgedBy: null,
        resolvedBy: null,
        context: {
          import: { name: 'Carrières', client: 'Acme' },
          failingChecks: [{ check: 'count_drop', message: '12 jobs, median of last 10 runs 140' }],
          brokenSelectors: [{ field: 'city', selector: '.offre__lieu' }],
          links: { temporalUi: 'http://localhost:8233/namespaces/default/workflows/x', api: 'http://127.0.0.1:3000/runs/r?token=s3cret' },
        },
      },
      'opened',
      'http://127.0.0.1:3000',
    );
    expect(message.title).toBe('[Liaison] Incident opened: site_changed on Carrières (Acme), production');
    expect(message.text).toContain('count_drop: 12 jobs, median of last 10 runs 140');
    expect(message.text).toContain('Selector no longer matching: .offre__lieu (city)');
    expect(message.links.map((l) => l.url)).toEqual([
      'http://localhost:8233/namespaces/default/workflows/x',
      'http://127.0.0.1:3000/runs/r?token=***',
      'http://127.0.0.1:3000/dashboard/incidents/7',
    ]);
    const payload = slackPayload(message);
    expect(payload.text).toBe(message.title);
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: message.title } });
    expect(JSON.stringify(payload)).not.toContain('s3cret');
  });
});

describe('incident messages with the dossier', () => {
  it('show the unusual points, the run-book entry, the last resolution and a link to the dossier', () => {
    const message = incidentMessage(
      {
        id: 8,
        kind: 'volume_drop',
        status: 'open',
        environment: 'production',
        summary: 'Run quarantined: count_drop',
        count: 1,
        firstSeenAt: new Date('2026-11-28T10:00:00Z'),
        lastSeenAt: new Date('2026-11-28T10:00:00Z'),
        acknowledgedBy: null,
        resolvedBy: null,
        context: {
          import: { name: 'Carrières', client: 'Acme' },
          dossier: {
            unusualPoints: ['site down Sundays 02:00–04:00 UTC', 'feed is windows-1252'],
            runBook: [{ key: 'count_drop', text: 'Seasonal in January: ask the AM before anything else.' }],
            lastTime: { line: 'last time: stores closed for inventory → waited a day (dev.bruno, 2026-10-02)' },
            link: '/imports/42/dossier',
          },
        },
      },
      'opened',
      'http://127.0.0.1:3000/',
    );
    expect(message.text.split('\n').slice(1)).toEqual([
      'Last time: stores closed for inventory → waited a day (dev.bruno, 2026-10-02)',
      'Unusual points: site down Sundays 02:00–04:00 UTC · feed is windows-1252',
      'Run book (count_drop): Seasonal in January: ask the AM before anything else.',
    ]);
    expect(message.links).toContainEqual({ label: 'Dossier', url: 'http://127.0.0.1:3000/imports/42/dossier' });
  });
});
