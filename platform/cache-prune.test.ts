import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneStaleBuilds } from './cache-prune';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const MINUTE = 60_000;
const buildOf = (name: string) => /^(child-[0-9a-f]{4}\.cjs)/.exec(name)?.[1] ?? null;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Files with their age in minutes before NOW. */
function files(ages: Record<string, number>): void {
  dir = mkdtempSync(path.join(tmpdir(), 'liaison-prune-'));
  for (const [name, minutes] of Object.entries(ages)) {
    const file = path.join(dir, name);
    writeFileSync(file, name);
    const at = new Date(NOW - minutes * MINUTE);
    utimesSync(file, at, at);
  }
}

describe('pruneStaleBuilds', () => {
  it('removes old builds with their caches, keeps the current, the most recent and the young ones', () => {
    files({
      'child-aaaa.cjs': 600, // current, however old
      'child-aaaa.cjs.v20-x64-1.v8cache': 600,
      'child-bbbb.cjs': 300, // second most recent other build: kept by rank
      'child-cccc.cjs': 400, // stale: removed with its caches
      'child-cccc.cjs.v20-x64-1.v8cache': 400,
      'child-cccc.cjs.v20-x64-2.v8cache': 450,
      'child-dddd.cjs': 500, // its cache was written 2 minutes ago: in use, the most recent other build
      'child-dddd.cjs.v20-x64-1.v8cache': 2,
      'child-eeee.cjs.123.tmp': 900, // a crashed writer's leftover
      'manifest-1234.json': 900, // not a build: never touched
    });
    const removed = pruneStaleBuilds(dir, { buildOf, current: ['child-aaaa.cjs'], keepRecent: 2, minAgeMs: 10 * MINUTE, now: NOW });
    expect(removed.sort()).toEqual(['child-cccc.cjs', 'child-cccc.cjs.v20-x64-1.v8cache', 'child-cccc.cjs.v20-x64-2.v8cache', 'child-eeee.cjs.123.tmp']);
    expect(readdirSync(dir).sort()).toEqual(['child-aaaa.cjs', 'child-aaaa.cjs.v20-x64-1.v8cache', 'child-bbbb.cjs', 'child-dddd.cjs', 'child-dddd.cjs.v20-x64-1.v8cache', 'manifest-1234.json']);
  });

  it('keeps a build younger than the age floor even past keepRecent', () => {
    files({ 'child-aaaa.cjs': 0, 'child-bbbb.cjs': 1, 'child-cccc.cjs': 5 });
    expect(pruneStaleBuilds(dir, { buildOf, current: ['child-aaaa.cjs'], keepRecent: 0, minAgeMs: 10 * MINUTE, now: NOW })).toEqual([]);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('does nothing for a folder not created yet, and refuses a bad keepRecent', () => {
    dir = path.join(tmpdir(), 'liaison-prune-missing-folder');
    expect(pruneStaleBuilds(dir, { buildOf, current: [], keepRecent: 1, minAgeMs: 0 })).toEqual([]);
    expect(() => pruneStaleBuilds(dir, { buildOf, current: [], keepRecent: -1, minAgeMs: 0 })).toThrow(/keepRecent must be a whole number ≥ 0, got -1/);
  });
});
