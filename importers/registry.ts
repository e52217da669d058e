import { demoCareers } from './demo-careers';
import { feed } from './feed';
import { htmlSite, jsonldSite } from './generic';
import { greenhouse } from './greenhouse';
import { lever } from './lever';
import { multipostingXml } from './multiposting-xml';
import { personio } from './personio';
import { recruitee } from './recruitee';
import { smartrecruiters } from './smartrecruiters';
import type { ImporterDefinition } from './sdk';
import { workable } from './workable';
import { importModule } from '../platform/import-module';

/** Every importer the worker can run, by key. A new client on a known ATS is a configuration row, not an entry here. */
export const IMPORTERS: readonly ImporterDefinition<unknown>[] = [
  htmlSite,
  jsonldSite,
  demoCareers,
  greenhouse,
  lever,
  recruitee,
  smartrecruiters,
  workable,
  personio,
  multipostingXml,
  feed,
] as ImporterDefinition<unknown>[];

export type ImporterRegistry = ReadonlyMap<string, ImporterDefinition<unknown>>;

export function buildRegistry(importers: readonly ImporterDefinition<unknown>[]): ImporterRegistry {
  const map = new Map<string, ImporterDefinition<unknown>>();
  for (const importer of importers) {
    if (map.has(importer.key)) throw new Error(`Two importers use the key "${importer.key}"`);
    map.set(importer.key, importer);
  }
  return map;
}

export const registry: ImporterRegistry = buildRegistry(IMPORTERS);

/**
 * Extra importer modules (paths, each exporting `importers: ImporterDefinition[]`), given to the worker's
 * compartment by the test workers only (test/support/stack.ts `importerModules`): how tests add deliberately
 * broken importers without shipping them. The production worker passes none (no setting names any).
 */
export async function loadRegistry(extraModules: string[] = []): Promise<ImporterRegistry> {
  if (extraModules.length === 0) return registry;
  const extra: ImporterDefinition<unknown>[] = [];
  for (const modulePath of extraModules) {
    const mod = (await importModule(modulePath)) as { importers?: ImporterDefinition<unknown>[] };
    if (!Array.isArray(mod.importers)) throw new Error(`${modulePath} does not export \`importers\``);
    extra.push(...mod.importers);
  }
  return buildRegistry([...IMPORTERS, ...extra]);
}
