// What a compartment process starts with: it runs the compiled compartment (bundle.ts) from V8's code cache, so
// that a fresh process does not parse and compile the bundle's 4.7 MB again (≈ 0.1 CPU-s of each start, README
// "Fleet"). Compiled by bundle.ts into plain JavaScript beside the bundle; argv: <bundle.cjs> <cache file>.
// The cache is written by the first compartment that finds none (or finds it rejected: another Node or V8 flags),
// once its extraction is over, so that it holds the functions an extraction compiles, not only the top level.
// A compartment loads only its run's importer (importers/loaders.ts), so the cache also says which importers' runs
// it holds: the first run of another importer writes it again, with that importer's code added.
// The bundle's import() goes through boot.ts (platform/import-module.ts).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { lendImport } from '../../platform/import-module';
import { importerRan } from './code-cache';

const [bundleArg, cacheFile] = process.argv.slice(2);
if (!bundleArg || !cacheFile) throw new Error('compartment boot: expected <bundle> <cache file> as arguments');
const bundle = path.resolve(bundleArg);

// The cache file: one line of JSON (the importer keys whose runs it holds), then V8's bytes.
let cachedData: Buffer | undefined;
let holds: string[] = [];
try {
  const file = readFileSync(cacheFile);
  const newline = file.indexOf(0x0a);
  const keys: unknown = newline > 0 ? JSON.parse(file.subarray(0, newline).toString('utf8')) : null;
  if (Array.isArray(keys)) {
    holds = keys.filter((k): k is string => typeof k === 'string');
    cachedData = file.subarray(newline + 1);
  }
} catch {
  // No cache yet (or not one of this format): this compartment compiles the bundle and leaves the cache for the next ones.
}
// The CommonJS wrapper, as node:module would add it: the bundle is a CommonJS file (bundle.ts).
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`, {
  filename: bundle,
  ...(cachedData ? { cachedData } : {}),
});
// An import() inside a script compiled from the cache fails on Node 20: the bundle imports through this one.
lendImport((specifier) => import(specifier));
process.once('exit', () => {
  const ran = importerRan();
  const fresh = !cachedData || script.cachedDataRejected === true;
  if (!fresh && (ran === null || holds.includes(ran))) return;
  // What this process compiled: the cache it read (when V8 took it) and what its own run added.
  const keys = [...(fresh ? [] : holds), ...(ran === null ? [] : [ran])];
  // Beside and renamed: a compartment starting at the same time never reads half a cache.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, Buffer.concat([Buffer.from(`${JSON.stringify(keys)}\n`), script.createCachedData()]));
    renameSync(partial, cacheFile);
  } catch {
    // A read-only cache folder costs the next compartments their compile time, nothing else.
  }
});
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
