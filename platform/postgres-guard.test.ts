import { describe, expect, it } from 'vitest';
import { isPostgresWriteAfterClose } from './postgres-guard';

describe('isPostgresWriteAfterClose', () => {
  it("recognises postgres.js's write to a closed socket, and nothing else", () => {
    const crash = new TypeError("Cannot read properties of null (reading 'write')");
    crash.stack = `${crash.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:483:21)`;
    expect(isPostgresWriteAfterClose(crash)).toBe(true);
    const other = new TypeError("Cannot read properties of null (reading 'write')");
    other.stack = `${other.message}\n    at flush (file:///app/activities/x.ts:1:1)`;
    expect(isPostgresWriteAfterClose(other)).toBe(false);
    expect(isPostgresWriteAfterClose(new Error('nextWrite postgres/src/connection.js'))).toBe(false);
  });
});
