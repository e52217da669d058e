// Replays every committed history (test/histories/*.json) against the current workflow code: a change
// that would break running workflows (non-determinism) fails here. Record new ones with
// `RECORD_HISTORIES=1 npm test`, and guard behaviour changes with patched().
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as workflows from '../workflows';
import { HISTORIES_DIR } from './support/histories';

interface Recorded {
  file: string;
  workflowType: string;
  history: unknown;
}

let recorded: Recorded[];

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const files = (await fs.readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.json')).sort();
  recorded = await Promise.all(
    files.map(async (file) => {
      const history = JSON.parse(await fs.readFile(path.join(HISTORIES_DIR, file), 'utf8')) as {
        events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[];
      };
      const workflowType = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '(unknown)';
      return { file, workflowType, history };
    }),
  );
});

describe('replay of recorded histories', () => {
  it('has at least one recorded history for every registered workflow', () => {
    const covered = new Set(recorded.map((r) => r.workflowType));
    expect(Object.keys(workflows).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('replays every recorded history without non-determinism', async () => {
    expect(recorded.length).toBeGreaterThan(0);
    const results = Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('stack').workflowBundlePath } },
      recorded.map((r) => ({ workflowId: r.file, history: r.history as never })),
    );
    const failures: string[] = [];
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
