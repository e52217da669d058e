import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPORT_KINDS, type ImportKind } from '../../contracts';
import { registry } from '../../importers/registry';
import { UsageError } from './errors';
import { TEMPLATES } from './templates';

/** Kebab-case, starting with a letter: the key is also the folder name and, camel-cased, a TS identifier. */
const KEY_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const KEY_MAX = 60;

// Keys that camel-case into a word TS refuses as a `const` name.
const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await']);

export function parseKind(value: string | undefined): ImportKind {
  if (value === undefined) throw new UsageError(`--kind is required: one of ${IMPORT_KINDS.join(', ')}`);
  if (!(IMPORT_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`Unknown kind "${value}": use one of ${IMPORT_KINDS.join(', ')}`);
  }
  return value as ImportKind;
}

/** `acme-careers` → `acmeCareers`. */
export function identifierFor(key: string): string {
  const name = key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return RESERVED.has(name) ? `${name}Importer` : name;
}

export interface NewImporterOptions {
  key: string;
  kind: ImportKind;
  /** The `importers/` folder to create `<key>/` in. */
  importersDir: string;
}

/** Scaffolds `importers/<key>/`; refuses a bad key, a registered key and an existing folder. Returns the files written. */
export async function newImporter({ key, kind, importersDir }: NewImporterOptions): Promise<string[]> {
  if (!KEY_PATTERN.test(key) || key.length > KEY_MAX) {
    throw new UsageError(
      `Invalid importer key "${key}": use kebab-case (lower-case letters and digits in words joined by single hyphens, ` +
        `starting with a letter, at most ${KEY_MAX} characters), e.g. acme-careers`,
    );
  }
  if (registry.has(key)) throw new UsageError(`Importer key "${key}" is already registered in importers/registry.ts: choose another key`);
  const dir = path.join(importersDir, key);
  if (await exists(dir)) throw new UsageError(`importers/${key}/ already exists: choose another key`);

  const files = TEMPLATES[kind]({ key, name: identifierFor(key) });
  try {
    // Not recursive: fails if another process created the folder meanwhile, rather than mixing two scaffolds.
    await mkdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`importers/${key}/ already exists: choose another key`);
    throw err;
  }
  try {
    for (const [relative, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
      await writeFile(path.join(dir, relative), content, { flag: 'wx' });
    }
  } catch (err) {
    // Half a scaffold would block the next attempt with "already exists".
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return Object.keys(files).map((relative) => `importers/${key}/${relative}`);
}

/** What to print after `new`: the files, then how to register and try the importer. */
export function nextSteps(key: string, kind: ImportKind, files: string[]): string {
  const name = identifierFor(key);
  const urlHint = kind === 'html' ? 'the listing page' : kind === 'jsonld' ? 'a page with JobPosting blocks' : 'the feed';
  return [
    `Created importers/${key}/ (kind ${kind}):`,
    ...files.map((f) => `  ${f}`),
    '',
    'Next steps:',
    '  1. Register it in importers/registry.ts (the worker and `importer try` only know registered importers):',
    `       import { ${name} } from './${key}';`,
    `       …and add ${name} to IMPORTERS.`,
    "     and its entry (key, kind, description, configSchema, defaultSchedule) to CATALOGUE in importers/catalogue.ts:",
    '     the API checks configurations against the catalogue, and importers/catalogue.test.ts fails until both agree.',
    `     and its loader to LOADERS in importers/loaders.ts (a compartment loads only its run's importer):`,
    `       ['${key}', async () => as((await import('./${key}')).${name})],`,
    `  2. Replace the fixture with ${urlHint} saved from the client's source, adapt index.ts to it, and write the`,
    '     quirks in its doc comment.',
    `  3. Update the expected jobs in ${key}.test.ts, then run it: npx vitest run --project unit importers/${key}/`,
    `  4. Look at the development result: npm run importer -- try ${key} --url <URL>   (or --fixture <FILE>)`,
  ].join('\n');
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
