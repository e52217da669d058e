// Build caches under .data/cache keep one file (or a few) per content hash; a new hash leaves the old ones behind,
// ≈ 6 MB per code change for the compartment. Pruned when a new build is written, never while something may still
// use a file: another process (an older worker, a test run) may have read its manifest a moment ago and be about to
// fork or load an old bundle. Deleting a file already open is harmless on Linux; deleting one about to be opened is
// not — hence the age floor and the few most recent builds kept.
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/** A build written or used this recently may be about to be forked or loaded by another process: kept. */
export const STALE_BUILD_AGE_MS = 10 * 60_000;

export interface PruneOptions {
  /** The build a file belongs to, from its name (its bundle and that bundle's caches share it); null: not ours. */
  buildOf(name: string): string | null;
  /** Builds in use by this process: never removed. */
  current: readonly string[];
  /** How many other builds to keep, most recently written or used first. */
  keepRecent: number;
  /** Builds with a file younger than this are kept whatever their rank. */
  minAgeMs: number;
  now?: number;
}

/** Removes the files of stale builds in `dir`; returns the names removed. Never throws: a cache left is only space. */
export function pruneStaleBuilds(dir: string, options: PruneOptions): string[] {
  if (!Number.isInteger(options.keepRecent) || options.keepRecent < 0) throw new Error(`pruneStaleBuilds: keepRecent must be a whole number ≥ 0, got ${options.keepRecent}`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const now = options.now ?? Date.now();
  const builds = new Map<string, { files: string[]; newest: number }>();
  for (const name of names) {
    const build = options.buildOf(name);
    if (build === null) continue;
    let mtime: number;
    try {
      mtime = statSync(path.join(dir, name)).mtimeMs;
    } catch {
      continue; // Removed meanwhile by another process pruning.
    }
    const entry = builds.get(build) ?? { files: [], newest: 0 };
    entry.files.push(name);
    entry.newest = Math.max(entry.newest, mtime);
    builds.set(build, entry);
  }
  const others = [...builds.entries()].filter(([build]) => !options.current.includes(build)).sort((a, b) => b[1].newest - a[1].newest);
  const removed: string[] = [];
  for (const [, { files, newest }] of others.slice(options.keepRecent)) {
    if (now - newest < options.minAgeMs) continue;
    for (const name of files) {
      try {
        unlinkSync(path.join(dir, name));
        removed.push(name);
      } catch {
        // Gone already (another process pruned it) or not ours to remove: either way nothing to do.
      }
    }
  }
  return removed;
}
