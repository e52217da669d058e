// The compartment's code, compiled: one esbuild bundle of child.ts with everything it imports (importers, SDK and
// the packages they use), written under .data/cache/compartment/child-<content hash>.mjs. A compartment then starts
// as plain Node on one JavaScript file — no TypeScript compiled through tsx, no module resolution across
// node_modules — ≈ 0.2 s of CPU instead of ≈ 0.9 s (measured on 2 loaded cores, see README "Fleet").
// Built on demand by whichever process first forks a compartment (worker, tests, bench: `npm start`, `npm test` and
// the bench all get it without a step of their own), ≈ 1.5 s. A manifest of the inputs' sizes and mtimes lets the
// next process reuse the file without building again; any input changed, it is rebuilt.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

interface Manifest {
  file: string;
  /** Input path (relative to the root) → "size:mtimeMs" when it was built. */
  inputs: Record<string, string>;
}

let built: { file: string } | { error: string } | null = null;

/** The bundle's path, or null when it could not be built (the caller falls back to tsx; said once on stderr). */
export function compartmentBundle(entry: string, root: string): string | null {
  if (!built) {
    try {
      built = { file: reuseOrBuild(entry, root) };
    } catch (err) {
      built = { error: err instanceof Error ? err.message : String(err) };
      console.warn(`compartment bundle not built, compartments start through tsx: ${built.error}`);
    }
  }
  return 'file' in built ? built.file : null;
}

const stamp = (file: string): string | null => {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
};

function reuseOrBuild(entry: string, root: string): string {
  const dir = path.join(root, '.data', 'cache', 'compartment');
  const manifestFile = path.join(dir, `manifest-${createHash('sha256').update(entry).digest('hex').slice(0, 8)}.json`);
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const current = Object.entries(manifest.inputs).every(([input, was]) => stamp(path.resolve(root, input)) === was);
    if (current && existsSync(manifest.file)) return manifest.file;
  } catch {
    // No manifest yet, or unreadable: build.
  }
  const result = buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // tsx is loaded only for extra importer modules written in TypeScript (tests); it brings esbuild with it.
    external: ['tsx', 'tsx/*', 'esbuild'],
    // CommonJS packages inside an ES module bundle still call require() and read __dirname.
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
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const text = result.outputFiles[0]!.contents;
  const file = path.join(dir, `child-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  mkdirSync(dir, { recursive: true });
  // Written beside and renamed: a compartment forked by another process never reads half a file.
  const partial = (target: string) => `${target}.${process.pid}.tmp`;
  if (!existsSync(file)) {
    writeFileSync(partial(file), text);
    renameSync(partial(file), file);
  }
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((input) => [input, stamp(path.resolve(root, input)) ?? '']));
  writeFileSync(partial(manifestFile), JSON.stringify({ file, inputs } satisfies Manifest));
  renameSync(partial(manifestFile), manifestFile);
  return file;
}
