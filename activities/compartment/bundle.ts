// The compartment's code, compiled: one esbuild bundle of child.ts with everything it imports (importers, SDK and
// the packages they use), written under .data/cache/compartment/child-<content hash>.cjs, and boot.ts beside it,
// which runs the bundle from V8's code cache. A compartment then starts as plain Node on one JavaScript file, neither
// compiling TypeScript through tsx nor parsing and compiling the bundle again (README "Fleet", "Compiled compartments").
// Built on demand by whichever process first forks a compartment (worker, tests, bench: `npm start`, `npm test` and
// the bench all get it without a step of their own), ≈ 1.5 s. A manifest of the inputs' sizes and mtimes lets the
// next process reuse the files without building again; any input changed, they are rebuilt.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';
import { pruneStaleBuilds, STALE_BUILD_AGE_MS } from '../../platform/cache-prune';

export interface CompartmentCode {
  /** What the compartment process runs: boot.ts compiled, argv `<bundle> <cache>`. */
  boot: string;
  /** child.ts and everything it imports, one CommonJS file. */
  bundle: string;
  /**
   * V8's code cache of the bundle for compartments started with `execArgv` (written by the first of them). V8 rejects
   * a cache made under other flags (a heap cap of 128 MB against 512 MB), so each set of flags has its own file.
   */
  cacheFor(execArgv: readonly string[]): string;
}

interface Manifest {
  boot: string;
  bundle: string;
  /** Input path (relative to the root) → "size:mtimeMs" when it was built. */
  inputs: Record<string, string>;
}

/** Old builds kept beside the current ones, child and boot alike (≈ 6.3 MB each for child: bundle and V8 cache). */
const COMPARTMENT_BUILDS_KEPT = 2;

const BOOT = fileURLToPath(new URL('./boot.ts', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);

let built: { code: CompartmentCode } | { error: string } | null = null;

/** The compiled compartment, or null when it could not be built (the caller falls back to tsx; said once on stderr). */
export function compartmentBundle(entry: string, root: string): CompartmentCode | null {
  // A long-lived worker keeps forking the bundle it found at start; another process that built newer code may
  // have pruned that one since (platform/cache-prune.ts keeps only recent builds): find or build it again.
  if (built && 'code' in built && !(existsSync(built.code.bundle) && existsSync(built.code.boot))) built = null;
  if (!built) {
    try {
      const { boot, bundle } = reuseOrBuild(entry, root);
      const cacheFor = (execArgv: readonly string[]) =>
        `${bundle}.${process.version}-${process.arch}-${createHash('sha256').update(execArgv.join('\0')).digest('hex').slice(0, 8)}.v8cache`;
      built = { code: { boot, bundle, cacheFor } };
    } catch (err) {
      built = { error: err instanceof Error ? err.message : String(err) };
      console.warn(`compartment bundle not built, compartments start through tsx: ${built.error}`);
    }
  }
  return 'code' in built ? built.code : null;
}

/**
 * esbuild's options for the compartment's code in either module format: CommonJS is what compartments run (a
 * vm.Script can take V8's code cache; an ES module cannot on Node 20); the bench builds the ES module form to compare.
 */
export function compartmentBuildOptions(entry: string, root: string, format: 'cjs' | 'esm'): BuildOptions & { entryPoints: string[] } {
  return {
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    // tsx is loaded only for extra importer modules written in TypeScript (tests); it brings esbuild with it.
    external: ['tsx', 'tsx/*', 'esbuild'],
    alias: LIGHTER_PACKAGES,
    // CommonJS packages inside an ES module bundle still call require() and read __dirname; a CommonJS bundle gets
    // them from its wrapper (boot.ts).
    ...(format === 'esm'
      ? {
          banner: {
            js: [
              "import { createRequire as __liaisonRequire } from 'node:module';",
              "import { fileURLToPath as __liaisonPath } from 'node:url';",
              "import { dirname as __liaisonDir } from 'node:path';",
              'const require = __liaisonRequire(import.meta.url);',
              'const __filename = __liaisonPath(import.meta.url);',
              'const __dirname = __liaisonDir(__filename);',
            ].join('\n'),
          },
        }
      : {}),
    logLevel: 'silent',
    legalComments: 'none',
  };
}

/**
 * Packages whose entry point loads more than the compartment uses, replaced by the file it does use. cheerio's entry
 * also loads what only its `fromURL`/`loadBuffer` need (undici's whole index, encoding-sniffer, whatwg-encoding and
 * two more copies of iconv-lite); the SDK calls `load` alone, which that entry re-exports from load-parse.js. Tests
 * and tools (tsx) keep the entry: the same `load`.
 */
const LIGHTER_PACKAGES: Record<string, string> = (() => {
  const cheerioLoad = fileURLToPath(new URL('../../node_modules/cheerio/dist/esm/load-parse.js', import.meta.url));
  const lighter: Record<string, string> = {};
  if (existsSync(cheerioLoad)) lighter.cheerio = cheerioLoad;
  return lighter;
})();

const stamp = (file: string): string | null => {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
};

function reuseOrBuild(entry: string, root: string): { boot: string; bundle: string } {
  const dir = path.join(root, '.data', 'cache', 'compartment');
  const manifestFile = path.join(dir, `manifest-${createHash('sha256').update(entry).digest('hex').slice(0, 8)}.json`);
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Partial<Manifest>;
    const current = Object.entries(manifest.inputs ?? {}).every(([input, was]) => stamp(path.resolve(root, input)) === was);
    if (current && manifest.boot && manifest.bundle && existsSync(manifest.boot) && existsSync(manifest.bundle)) return { boot: manifest.boot, bundle: manifest.bundle };
  } catch {
    // No manifest yet, or unreadable: build.
  }
  const child = buildSync({ ...compartmentBuildOptions(entry, root, 'cjs'), write: false, metafile: true });
  const boot = buildSync({ ...compartmentBuildOptions(BOOT, root, 'cjs'), write: false, metafile: true });
  mkdirSync(dir, { recursive: true });
  // Written beside and renamed: a compartment forked by another process never reads half a file.
  const partial = (target: string) => `${target}.${process.pid}.tmp`;
  const write = (prefix: string, text: Uint8Array): string => {
    const file = path.join(dir, `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`);
    if (!existsSync(file)) {
      writeFileSync(partial(file), text);
      renameSync(partial(file), file);
    }
    return file;
  };
  const files = { boot: write('boot', boot.outputFiles[0]!.contents), bundle: write('child', child.outputFiles[0]!.contents) };
  const inputs = Object.fromEntries(
    // This file too: a change to the build's options (LIGHTER_PACKAGES) is a change of the bundle.
    [...Object.keys(child.metafile.inputs), ...Object.keys(boot.metafile.inputs), path.relative(root, THIS_FILE)].map((input) => [input, stamp(path.resolve(root, input)) ?? '']),
  );
  writeFileSync(partial(manifestFile), JSON.stringify({ ...files, inputs } satisfies Manifest));
  renameSync(partial(manifestFile), manifestFile);
  // A bundle and its V8 caches (`child-<hash>.cjs.<node>-<arch>-<flags>.v8cache`) form one build; the most recent
  // old ones stay for processes still running them.
  pruneStaleBuilds(dir, {
    buildOf: (name) => /^((?:child|boot)-[0-9a-f]{16}\.cjs)/.exec(name)?.[1] ?? null,
    current: [path.basename(files.boot), path.basename(files.bundle)],
    keepRecent: COMPARTMENT_BUILDS_KEPT,
    minAgeMs: STALE_BUILD_AGE_MS,
  });
  return files;
}
