// import() of a module named at run time (tests' extra importer modules, tsx's loader).
// A compartment runs its bundle as a vm.Script compiled from V8's code cache (activities/compartment/boot.ts), and
// on Node 20 an import() inside such a script fails ("A dynamic import callback was not specified"): boot.ts then
// lends its own import(), from outside the script, under this symbol.
const HOST_IMPORT = Symbol.for('liaison.importModule');

type ImportModule = (specifier: string) => Promise<unknown>;

export function importModule(specifier: string): Promise<unknown> {
  const host = (globalThis as { [HOST_IMPORT]?: ImportModule })[HOST_IMPORT];
  return host ? host(specifier) : import(specifier);
}

/** Called by boot.ts before it runs the bundle. */
export function lendImport(host: ImportModule): void {
  (globalThis as { [HOST_IMPORT]?: ImportModule })[HOST_IMPORT] = host;
}
