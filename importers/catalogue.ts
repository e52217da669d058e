import { demoCareersEntry } from './demo-careers/config';
import { feedEntry } from './feed/config';
import { htmlSiteEntry, jsonldSiteEntry } from './generic/config';
import { greenhouseEntry } from './greenhouse/config';
import { leverEntry } from './lever/config';
import { multipostingXmlEntry } from './multiposting-xml/config';
import { personioEntry } from './personio/config';
import { recruiteeEntry } from './recruitee/config';
import type { ImporterEntry } from './sdk/definition';
import { smartrecruitersEntry } from './smartrecruiters/config';
import { workableEntry } from './workable/config';

/**
 * Every importer as the API and tools know it: key, kind, description, configuration schema and default schedule,
 * without the extraction code (no HTML parser, no HTTP client, no feed reader is loaded through this file). Each
 * entry lives in its importer's `config.ts`, and its `index.ts` spreads it into the full definition; the worker's
 * registry (importers/registry.ts) holds the same importers, which importers/catalogue.test.ts checks.
 */
export const CATALOGUE: readonly ImporterEntry[] = [
  htmlSiteEntry,
  jsonldSiteEntry,
  demoCareersEntry,
  greenhouseEntry,
  leverEntry,
  recruiteeEntry,
  smartrecruitersEntry,
  workableEntry,
  personioEntry,
  multipostingXmlEntry,
  feedEntry,
] as ImporterEntry[];

export const catalogue: ReadonlyMap<string, ImporterEntry> = new Map(CATALOGUE.map((entry) => [entry.key, entry]));

