import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { supervise } from './supervise';

const until = async (what: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('supervise', () => {
  it('restarts a killed child, and stops it for good on stop()', async () => {
    const lines: string[] = [];
    const supervised = supervise({
      name: 'sleeper',
      start: () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }),
      log: (line) => lines.push(line),
      backoff: { initialMs: 50, maxMs: 1000, healthyAfterMs: 60_000 },
    });
    await until(() => supervised.child?.pid !== undefined);
    const first = supervised.child!;
    first.kill('SIGKILL');
    await until(() => supervised.restarts === 1 && supervised.child !== null && supervised.child !== first);
    expect(lines).toEqual(['✖ The sleeper exited (SIGKILL); restarting it in 50 ms.']);
    const second = supervised.child!;
    await supervised.stop();
    expect(second.signalCode).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(supervised.restarts).toBe(1);
  });

  it('backs off a crash loop, doubling the delay', async () => {
    const lines: string[] = [];
    const supervised = supervise({
      name: 'crasher',
      start: () => spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' }),
      log: (line) => lines.push(line),
      backoff: { initialMs: 20, maxMs: 80, healthyAfterMs: 60_000 },
    });
    await until(() => lines.length >= 4);
    await supervised.stop();
    expect(lines.slice(0, 4).map((l) => l.replace(/^.*in /, ''))).toEqual(['20 ms.', '40 ms.', '80 ms.', '80 ms.']);
    expect(lines[0]).toBe('✖ The crasher exited (code 3); restarting it in 20 ms.');
  });
});
