// The rooms of the house and what each may import (README "Where things are"), checked by rooms.test.ts against
// the imports the compiler's parser reads. A room may always import itself and npm packages.
import { isTestFile, type ImportEdge } from './graph';

export type Room = 'apps/api' | 'apps/worker' | 'workflows' | 'activities' | 'importers' | 'db' | 'contracts' | 'platform' | 'demo' | 'scripts' | 'test';

export interface RoomRule {
  /** Rooms imported for values (run time). */
  imports: readonly Room[];
  /** Rooms imported for types only (`import type`), on top of `imports`. */
  types?: readonly Room[];
  why: string;
}

export const ROOMS: Record<Room, RoomRule> = {
  contracts: { imports: [], why: 'the shared vocabulary (task queues, updates, queries, workflow inputs): imported by everyone, imports no one' },
  platform: { imports: ['contracts', 'db', 'importers'], why: 'process plumbing (configuration, logs, Postgres and Temporal start-up, redaction); reads the fetch limits of the SDK and runs migrations' },
  db: { imports: ['contracts', 'platform', 'importers'], why: 'drizzle schema, migrations and query modules; read models shared by the API and the worker (schedule lag reads the importer catalogue)' },
  importers: { imports: ['contracts', 'platform'], why: 'the SDK and one folder per importer; catalogue.ts is its light face (no extraction code)' },
  activities: { imports: ['contracts', 'db', 'importers', 'platform'], why: 'I/O by concern, built by factories that take their dependencies' },
  workflows: { imports: ['contracts'], types: ['activities'], why: 'pure orchestration, replayed: activities as types only, no I/O' },
  'apps/worker': { imports: ['activities', 'contracts', 'db', 'importers', 'platform'], why: 'wires real dependencies into activities; loads workflows/ by path (bundled), never by import' },
  'apps/api': { imports: ['contracts', 'db', 'importers', 'platform'], why: 'the REST API: starts workflows by type and talks to them through contracts; from importers/ only the catalogue-level modules (see API_MUST_NOT_LOAD)' },
  demo: { imports: ['contracts', 'importers', 'platform'], why: 'the demo client sites `npm start` serves and the tests use' },
  scripts: { imports: ['activities', 'apps/api', 'apps/worker', 'contracts', 'db', 'demo', 'importers', 'platform'], types: ['workflows'], why: 'start, team, importer CLI, bench: tools over the whole house, never over test/' },
  test: { imports: ['activities', 'apps/api', 'apps/worker', 'contracts', 'db', 'demo', 'importers', 'platform', 'scripts', 'workflows'], why: 'integration and end-to-end tests, their support and fixtures' },
};

/** Imports of test/ from outside it that are known and waiting to move, with the reason they are still there. */
export const KNOWN_EXCEPTIONS: readonly { from: string; to: string; why: string }[] = [];

/**
 * What the API process must not load at run time: the worker's rooms, and the importers' extraction code with the
 * packages only extraction needs. Checked on the run-time closure of apps/api/main.ts.
 */
export const API_MUST_NOT_LOAD: readonly RegExp[] = [
  /^(activities|workflows|test|demo)\//,
  /^importers\/registry\.ts$/,
  /^importers\/[^/]+\/index\.ts$/,
  /^importers\/sdk\/(index|fetch)\.ts$/,
  /^importers\/sdk\/kinds\/(html|json|jsonld|xml|xml-reader|xml-fast-states|pages)\.ts$/,
  /^(cheerio|undici|saxes|htmlparser2|@temporalio\/worker)$/,
];

/** The room of a repository path, or null for files at the root (configuration) and packages. */
export function roomOf(path: string): Room | null {
  if (!path.endsWith('.ts')) return null;
  const [first, second] = path.split('/');
  if (first === 'apps' && (second === 'api' || second === 'worker')) return `apps/${second}`;
  return first && first in ROOMS ? (first as Room) : null;
}

/** Every import that breaks the table, as `from → to (why)`. Test files (test/, *.test.ts, testing/) may import anything. */
export function roomViolations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = roomOf(e.from);
    const to = roomOf(e.to);
    if (!from || !to || from === to || isTestFile(e.from)) continue;
    const rule = ROOMS[from];
    if (rule.imports.includes(to) || (e.typeOnly && rule.types?.includes(to))) continue;
    if (KNOWN_EXCEPTIONS.some((x) => e.from.startsWith(x.from) && e.to.startsWith(x.to))) continue;
    out.push(`${e.from}:${e.line} → ${e.to}${e.typeOnly ? ' (type)' : ''}: ${from} may import ${[...rule.imports, ...(rule.types ?? []).map((r) => `${r} (types)`)].join(', ') || 'nothing'}`);
  }
  return out;
}
