import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { activityLogging, createLogger, nestLogger, requestLogging } from './logger';
import { rememberSecrets } from './redact';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

const info = {
  activityType: 'extractRun',
  attempt: 2,
  taskQueue: 'liaison-imports',
  workflowType: 'importRun',
  workflowExecution: { workflowId: 'import-run:imp-1:production:2026-11-28T10:00:00.000Z', runId: 'temporal-run' },
} as never;

describe('structured logs', () => {
  it('log each activity as one JSON line carrying the import, run and workflow ids, never the arguments', async () => {
    const { lines, stream } = capture();
    const factory = activityLogging(createLogger({ level: 'info', service: 'worker' }, stream));
    const { inbound } = factory({ info } as never);
    const args = [{ runId: 'run-1', importId: 'imp-1', config: { apiKey: 'do-not-log' } }];
    await inbound!.execute!({ args, headers: {} }, async () => 'ok');
    await expect(inbound!.execute!({ args, headers: {} }, async () => Promise.reject(Object.assign(new Error('HTTP 404'), { type: 'HttpStatus' })))).rejects.toThrow('HTTP 404');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 30, service: 'worker', msg: 'activity completed', activity: 'extractRun', attempt: 2, importId: 'imp-1', runId: 'run-1', workflowId: 'import-run:imp-1:production:2026-11-28T10:00:00.000Z' });
    expect(lines[1]).toMatchObject({ level: 40, msg: 'activity failed', errorType: 'HttpStatus', error: 'HTTP 404', runId: 'run-1' });
    expect(JSON.stringify(lines)).not.toContain('do-not-log');
  });

  it('pass every line through the one redaction: remembered secrets and credential patterns, wherever they are', () => {
    const { lines, stream } = capture();
    rememberSecrets(['tok-logged-9f3a']);
    const logger = createLogger({ level: 'info', service: 'worker' }, stream);
    logger.warn({ url: 'https://x.example/f?token=tok-logged-9f3a', nested: { auth: 'Bearer abcdefgh12345678' } }, 'HTTP 500 for https://u:p@x.example/tok-logged-9f3a');
    expect(JSON.stringify(lines)).not.toMatch(/tok-logged-9f3a|abcdefgh12345678|u:p@/);
    expect(lines[0]).toMatchObject({ msg: 'HTTP 500 for https://***@x.example/***', url: 'https://x.example/f?token=***' });
  });

  it('log one line per API request with the route as declared, never the raw URL of a matched route', () => {
    const { lines, stream } = capture();
    const middleware = requestLogging(createLogger({ level: 'info', service: 'api' }, stream));
    const answer = (req: Parameters<typeof middleware>[0], status: number) => {
      const res = Object.assign(new EventEmitter(), { statusCode: 0 });
      let nextCalled = false;
      middleware(req, res, () => (nextCalled = true));
      expect(nextCalled).toBe(true);
      // Express sets the route and the guard the caller while the request is handled.
      res.statusCode = status;
      res.emit('finish');
    };
    const preview = { method: 'GET', path: '/preview/secret-token', headers: { 'x-request-id': 'req-1' } } as Parameters<typeof middleware>[0];
    preview.route = { path: '/preview/:token' };
    answer(preview, 200);
    answer({ method: 'POST', path: '/imports/1/plan', route: { path: '/imports/:id/plan' }, headers: {}, caller: { handle: 'dev.alice' } }, 403);
    answer({ method: 'GET', path: '/nowhere', headers: {} }, 404);
    answer({ method: 'GET', path: '/imports', route: { path: '/imports' }, headers: {} }, 500);
    answer({ method: 'GET', path: '/feeds/lif_secret-feed-token/jobs.json', route: { path: '/feeds/:token/jobs.json' }, headers: {} }, 304);
    // No route matched: the raw path is logged, its token masked.
    answer({ method: 'GET', path: '/feeds/lif_secret-feed-token/jobs.csv', headers: {} }, 404);
    answer({ method: 'GET', path: '/preview/secret-token/nowhere', headers: {} }, 404);
    expect(lines.map((l) => [l.level, l.method, l.route ?? l.path, l.status])).toEqual([
      [30, 'GET', '/preview/:token', 200],
      [40, 'POST', '/imports/:id/plan', 403],
      [40, 'GET', '/nowhere', 404],
      [50, 'GET', '/imports', 500],
      [30, 'GET', '/feeds/:token/jobs.json', 304],
      [40, 'GET', '/feeds/***/jobs.csv', 404],
      [40, 'GET', '/preview/***/nowhere', 404],
    ]);
    expect(lines[0]).toMatchObject({ service: 'api', msg: 'request answered', requestId: 'req-1', durationMs: expect.any(Number) });
    expect(lines[1]).toMatchObject({ member: 'dev.alice' });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(JSON.stringify(lines)).not.toContain('secret-feed-token');
  });

  it("route Nest's own messages through pino with their context", () => {
    const { lines, stream } = capture();
    const logger = nestLogger(createLogger({ level: 'info', service: 'api' }, stream));
    logger.log('Nest application successfully started', 'NestApplication');
    logger.error('Unhandled', 'Error: boom\n    at x', 'ExceptionsHandler');
    logger.debug?.('not at info level', 'Routes');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'Nest application successfully started', context: 'NestApplication' }),
      expect.objectContaining({ level: 50, msg: 'Unhandled', context: 'ExceptionsHandler', stack: 'Error: boom\n    at x' }),
    ]);
  });
});
