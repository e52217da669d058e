// Which importer a compartment ran, told by the bundle (child.ts) to boot.ts, which writes V8's code cache at exit
// (boot.ts: the cache holds the code of the importers whose runs wrote it). The two are compiled apart, so the key
// goes through a global rather than this module's state.
const RAN = Symbol.for('liaison.compartmentImporter');

/** Called by child.ts once the run's importer is loaded. */
export function noteImporterRan(key: string): void {
  (globalThis as { [RAN]?: string })[RAN] = key;
}

/** Read by boot.ts at exit; null when no importer was loaded (a setup failure). */
export function importerRan(): string | null {
  return (globalThis as { [RAN]?: string })[RAN] ?? null;
}
