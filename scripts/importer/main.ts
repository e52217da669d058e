// `npm run importer -- <command>`: the developers' CLI for importers. `new` scaffolds one, `try` shows the
// development result (jobs, checks, diff) of running it, without writing to the database.
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ENVIRONMENT_NAMES, type EnvironmentName } from '../../contracts';
import { loadEnv } from '../../platform/config';
import { reportFatal } from '../../platform/errors';
import { EXIT, UsageError } from './errors';
import { newImporter, nextSteps, parseKind } from './new';
import { tryCommand } from './try';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const USAGE = `Usage: npm run importer -- <command>

  new <key> --kind html|xml|json|jsonld
      Scaffold importers/<key>/: index.ts, fixtures/ (two sample jobs), and a test that passes as generated.

  try <key> [--url URL | --fixture FILE] [--import <importId> [--env staging|production]] [--config JSON]
          [--json | --show <externalId>]
      Fetch, parse, normalise and check, then diff against the database WITHOUT WRITING: prints the jobs,
      the check results and what a real run would create, update, close and reopen.
      --url      replaces the configuration's main URL (listUrls, feedUrl, urls or baseUrl)
      --fixture  serves a saved page or feed from 127.0.0.1 and uses it as --url
      --import   diffs against that import's jobs and uses its configuration, checks and fetch policy
      --env      environment of --import (default staging)
      --config   the importer configuration, inline (replaces the import's)
      --json     every normalised job, one JSON object per line, on stdout (the report goes to stderr)
      --show     one job, every field, its description as readable text and as HTML (the report on stderr)

Exit codes: 0 done, 1 extraction or environment failure, 2 bad input, 3 a check failed (a real run would be quarantined).`;

const NEW_OPTIONS = { kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } } satisfies ParseArgsConfig['options'];
const TRY_OPTIONS = {
  url: { type: 'string' },
  fixture: { type: 'string' },
  import: { type: 'string' },
  env: { type: 'string', default: 'staging' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  show: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** parseArgs's errors as one usage line. */
function parsed<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    // Node's messages go on with a tip about `--` that does not apply here: the first sentence says it all.
    throw new UsageError(`${command}: ${(err as Error).message.split(/\.\s|\n/)[0]}`);
  }
}

/** Exactly one positional: the importer key. */
function keyOf(command: string, positionals: string[]): string {
  const [key, ...extra] = positionals;
  if (key === undefined) throw new UsageError(`${command}: the importer key is missing (npm run importer -- help)`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument(s): ${extra.join(' ')}`);
  return key;
}

function environment(value: string): EnvironmentName {
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(value)) throw new UsageError(`--env ${value}: use ${ENVIRONMENT_NAMES.join(' or ')}`);
  return value as EnvironmentName;
}

function help(): number {
  console.log(USAGE);
  return EXIT.ok;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) {
    console.error(USAGE);
    return EXIT.usage;
  }
  if (command === 'help' || command === '--help' || command === '-h') return help();
  if (command === 'new') {
    const { values, positionals } = parsed('new', () => parseArgs({ args, options: NEW_OPTIONS, allowPositionals: true, strict: true }));
    if (values.help) return help();
    const key = keyOf('new', positionals);
    const kind = parseKind(values.kind);
    const files = await newImporter({ key, kind, importersDir: `${ROOT}importers` });
    console.log(nextSteps(key, kind, files));
    return EXIT.ok;
  }
  if (command === 'try') {
    const { values, positionals } = parsed('try', () => parseArgs({ args, options: TRY_OPTIONS, allowPositionals: true, strict: true }));
    if (values.help) return help();
    const options = {
      key: keyOf('try', positionals),
      url: values.url,
      fixture: values.fixture,
      importId: values.import,
      environment: environment(values.env),
      config: values.config,
      json: values.json,
      show: values.show,
    };
    const io = { out: (text: string) => console.log(text), err: (text: string) => console.error(text), stderr: process.stderr };
    return tryCommand(options, loadEnv(), ROOT, io);
  }
  throw new UsageError(`Unknown command "${command}": use new or try (npm run importer -- help)`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`✖ ${err.message}`);
      process.exitCode = EXIT.usage;
    } else {
      reportFatal(err);
      process.exitCode = EXIT.failed;
    }
  },
);
