import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { activityLogging, createLogger } from './logger';

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
});
