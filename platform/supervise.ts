// Keeps a child process running: `npm start`'s worker and API. A child that exits while the stack is up is started
// again after a backoff (doubling from `initialMs` to `maxMs`), and the backoff starts over once a child has stayed
// up for `healthyAfterMs`: one crash costs a second, a crash loop does not spin the CPU.
import type { ChildProcess } from 'node:child_process';
import { stopChild } from './temporal-dev-server';

export interface SuperviseOptions {
  name: string;
  /** Starts the process; called once now and again after each unexpected exit. */
  start: () => ChildProcess;
  log: (line: string) => void;
  backoff?: { initialMs: number; maxMs: number; healthyAfterMs: number };
}

export interface Supervised {
  /** Restarts so far. */
  readonly restarts: number;
  /** The current process (null while waiting to restart it). */
  readonly child: ChildProcess | null;
  /** Stops supervising, then the process (SIGTERM, SIGKILL after 10 s). */
  stop(): Promise<void>;
}

export const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 30_000, healthyAfterMs: 60_000 };

export function supervise(options: SuperviseOptions): Supervised {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let child: ChildProcess | null = null;
  let restarts = 0;
  let failuresInARow = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const launch = () => {
    timer = null;
    if (stopped) return;
    const startedAt = Date.now();
    const current = options.start();
    child = current;
    current.once('exit', (code, signal) => {
      if (child === current) child = null;
      if (stopped) return;
      failuresInARow = Date.now() - startedAt >= backoff.healthyAfterMs ? 0 : failuresInARow;
      const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** failuresInARow);
      failuresInARow += 1;
      options.log(`✖ The ${options.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay < 1000 ? `${delay} ms` : `${(delay / 1000).toFixed(1)} s`}.`);
      timer = setTimeout(() => {
        restarts += 1;
        launch();
      }, delay);
    });
  };
  launch();

  return {
    get restarts() {
      return restarts;
    },
    get child() {
      return child;
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (child) await stopChild(child, 10_000);
    },
  };
}
