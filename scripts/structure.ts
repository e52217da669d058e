// `npm run structure [-- <checkout>]`: the figures of the code's shape that issue 14 tracks, for this checkout or
// another one (e.g. `-- /work/main` to compare): long files, long functions, import circles, hand-written SQL and
// drizzle queries outside db/queries, production code standing on test/, and what the API process loads of the
// worker's code.
import { resolve } from 'node:path';
import {
  circles,
  drizzleCallLines,
  functionSpans,
  isTestFile,
  listSourceFiles,
  parseFiles,
  rawSqlLines,
  readImports,
  runtimeClosure,
  type ImportEdge,
} from './structure/graph';

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

const root = resolve(process.argv[2] ?? '.');
const files = parseFiles(root, listSourceFiles(root));
const paths = files.map((f) => f.path);
const edges: ImportEdge[] = files.flatMap((f) => readImports(root, f));
const production = (path: string) => !isTestFile(path);

const section = (title: string, rows: string[]) => {
  console.log(`\n## ${title}: ${rows.length}`);
  for (const row of rows) console.log(`  ${row}`);
};

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const longFiles = files
  .map((f) => ({ path: f.path, lines: lineCount(f.text) }))
  .filter((f) => f.lines > MAX_FILE_LINES)
  .sort((a, b) => b.lines - a.lines);
section(`Production files over ${MAX_FILE_LINES} lines`, longFiles.filter((f) => production(f.path)).map((f) => `${f.lines}  ${f.path}`));
section(`Test files over ${MAX_FILE_LINES} lines`, longFiles.filter((f) => !production(f.path)).map((f) => `${f.lines}  ${f.path}`));

const longFunctions = files
  .flatMap(functionSpans)
  .filter((s) => s.lines > MAX_FUNCTION_LINES)
  .sort((a, b) => b.lines - a.lines);
const describe = (s: (typeof longFunctions)[number]) => `${s.lines}  ${s.path}:${s.line} ${s.name}`;
section(`Production functions over ${MAX_FUNCTION_LINES} lines`, longFunctions.filter((s) => production(s.path)).map(describe));
section(`Test functions over ${MAX_FUNCTION_LINES} lines (describe/it callbacks included)`, longFunctions.filter((s) => !production(s.path)).map(describe));

// A circle of run-time imports is one whose files import each other for values; a type-only circle closes only
// through `import type` (harmless at run time, still a sign that two files share one idea).
const runtimeCircles = circles(paths, edges.filter((e) => !e.typeOnly));
const runtimeKeys = new Set(runtimeCircles.map((c) => c.join(' ')));
const typeCircles = circles(paths, edges).filter((c) => !runtimeKeys.has(c.join(' ')));
section('Run-time import circles', runtimeCircles.map((c) => c.join(' ↔ ')));
section('Import circles closed by type-only imports', typeCircles.map((c) => c.join(' ↔ ')));

const sqlFiles = files
  .filter((f) => !f.path.startsWith('db/queries/'))
  .map((f) => ({ path: f.path, lines: rawSqlLines(f) }))
  .filter((f) => f.lines.length > 0);
section('Production files with raw SQL outside db/queries', sqlFiles.filter((f) => production(f.path)).map((f) => `${f.path} (${f.lines.length})`));
const testSqlFiles = sqlFiles.filter((f) => !production(f.path));
console.log(`\n## Test files with raw SQL: ${testSqlFiles.length}`);

const drizzleFiles = files
  .filter((f) => !f.path.startsWith('db/queries/'))
  .map((f) => ({ path: f.path, lines: drizzleCallLines(root, f) }))
  .filter((f) => f.lines.length > 0);
section(
  'Production files building drizzle queries outside db/queries',
  drizzleFiles.filter((f) => production(f.path)).map((f) => `${f.path} (${f.lines.length}: lines ${f.lines.join(', ')})`),
);
const testDrizzleFiles = drizzleFiles.filter((f) => !production(f.path));
console.log(`\n## Test files building drizzle queries: ${testDrizzleFiles.length}`);

const onTest = edges.filter((e) => production(e.from) && e.to.startsWith('test/'));
section('Production files importing test/', [...new Set(onTest.map((e) => `${e.from} → ${e.to}`))]);

const workerRooms = /^(activities|importers|workflows)\//;
const apiImports = edges.filter((e) => e.from.startsWith('apps/api/') && production(e.from) && workerRooms.test(e.to));
section('API files importing activities/, importers/ or workflows/', [...new Set(apiImports.map((e) => `${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`))]);
const apiLoads = [...runtimeClosure(['apps/api/main.ts'], edges)].filter((p) => workerRooms.test(p) || p.startsWith('test/')).sort();
section('Files of activities/, importers/, workflows/ or test/ the API process loads', apiLoads);
const extractionPackages = [...runtimeClosure(['apps/api/main.ts'], edges)].filter((p) => ['cheerio', 'undici', 'saxes', 'htmlparser2'].includes(p));

const figures: [string, number][] = [
  [`production files > ${MAX_FILE_LINES} lines`, longFiles.filter((f) => production(f.path)).length],
  [`test files > ${MAX_FILE_LINES} lines`, longFiles.filter((f) => !production(f.path)).length],
  [`production functions > ${MAX_FUNCTION_LINES} lines`, longFunctions.filter((s) => production(s.path)).length],
  [`test functions > ${MAX_FUNCTION_LINES} lines`, longFunctions.filter((s) => !production(s.path)).length],
  ['run-time import circles', runtimeCircles.length],
  ['type-only import circles', typeCircles.length],
  ['production files with raw SQL outside db/queries', sqlFiles.filter((f) => production(f.path)).length],
  ['production files building drizzle queries outside db/queries', drizzleFiles.filter((f) => production(f.path)).length],
  ['production files importing test/', new Set(onTest.map((e) => e.from)).size],
  ['API files importing activities/ or workflows/', new Set(apiImports.filter((e) => !e.to.startsWith('importers/')).map((e) => e.from)).size],
  ['API files importing importers/', new Set(apiImports.filter((e) => e.to.startsWith('importers/')).map((e) => e.from)).size],
  ['activities/, workflows/, test/ files the API process loads', apiLoads.filter((p) => !p.startsWith('importers/')).length],
  ['importers/ files the API process loads', apiLoads.filter((p) => p.startsWith('importers/')).length],
  ['extraction packages the API process loads (cheerio, undici, saxes, htmlparser2)', extractionPackages.length],
];
console.log(`\n## Summary (${root})`);
for (const [label, value] of figures) console.log(`  ${String(value).padStart(4)}  ${label}`);
