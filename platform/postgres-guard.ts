import type { Logger } from './logger';

/**
 * postgres.js 3.4.9 defers small writes with setImmediate; when the server dies (kill -9, failover) between the
 * write and the immediate, `nextWrite` dereferences the connection's socket, already null, and throws from the
 * immediate — an uncaught TypeError that would end the whole worker (porsager/postgres#1154, #1208, unfixed
 * upstream). By then the query that wrote has been rejected with CONNECTION_CLOSED through the normal path, so
 * the lost write is moot: that one error is logged and the process lives on (the pool reconnects). Any other
 * uncaught error still ends the process, as Node's default does.
 */
export function isPostgresWriteAfterClose(err: unknown): boolean {
  return err instanceof TypeError && /reading 'write'|evaluating 'socket\.write'/.test(err.message) && /nextWrite/.test(err.stack ?? '') && /postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '');
}

export function containPostgresWriteAfterClose(logger: Logger, onOther: (err: unknown) => void): void {
  process.on('uncaughtException', (err) => {
    if (isPostgresWriteAfterClose(err)) {
      logger.warn({ error: err.message }, 'a Postgres connection closed under a pending write (postgres.js #1154): contained, the query was already failed');
      return;
    }
    onOther(err);
  });
}
