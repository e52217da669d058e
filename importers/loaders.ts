import type { ImporterDefinition } from './sdk/definition';

type Loader = () => Promise<ImporterDefinition<unknown>>;
const as = (importer: unknown) => importer as ImporterDefinition<unknown>;

/**
 * Each importer's module by key, loaded when a run needs it: what a compartment (a fresh process per extraction,
 * README "Fleet") uses instead of the registry, so that it evaluates only its run's importer and what that imports —
 * no HTML stack (cheerio, parse5) for a feed, no feed reader for a career site. In the compartment's bundle each
 * import() becomes a module initialised on first use. The same importers as registry.ts, which
 * importers/catalogue.test.ts checks.
 */
const LOADERS: ReadonlyMap<string, Loader> = new Map<string, Loader>([
  ['html-site', async () => as((await import('./generic')).htmlSite)],
  ['jsonld-site', async () => as((await import('./generic')).jsonldSite)],
  ['demo-careers', async () => as((await import('./demo-careers')).demoCareers)],
  ['greenhouse', async () => as((await import('./greenhouse')).greenhouse)],
  ['lever', async () => as((await import('./lever')).lever)],
  ['recruitee', async () => as((await import('./recruitee')).recruitee)],
  ['smartrecruiters', async () => as((await import('./smartrecruiters')).smartrecruiters)],
  ['workable', async () => as((await import('./workable')).workable)],
  ['personio', async () => as((await import('./personio')).personio)],
  ['multiposting-xml', async () => as((await import('./multiposting-xml')).multipostingXml)],
  ['feed', async () => as((await import('./feed')).feed)],
]);

/** The keys `loadImporter` knows, in the registry's order. */
export const LOADER_KEYS: readonly string[] = [...LOADERS.keys()];

/**
 * The importer registered under `key`, or null. With extra importer modules (tests' deliberately broken importers,
 * registry.ts `loadRegistry`), the whole registry is loaded, as before: a key clash is then an error.
 */
export async function loadImporter(key: string, extraModules: string[] = []): Promise<ImporterDefinition<unknown> | null> {
  if (extraModules.length > 0) return (await (await import('./registry')).loadRegistry(extraModules)).get(key) ?? null;
  const load = LOADERS.get(key);
  return load ? load() : null;
}
