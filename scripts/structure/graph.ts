// Reads the project's TypeScript files with the compiler's parser (no type check: a few seconds for the whole
// tree) and answers the questions `npm run structure` and the rooms test ask: which files import which, at run
// time or for types only, how long each function is, where postgres.js SQL is written and where drizzle queries
// are built.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/** Folders never read: dependencies, generated SQL, recorded histories, local state. */
const SKIPPED = new Set(['node_modules', '.data', 'dist', '.git', 'migrations', 'histories', 'coverage']);

export interface ImportEdge {
  /** Repository-relative path of the importing file, with forward slashes. */
  from: string;
  /** Repository-relative path of the imported file, or the bare package name. */
  to: string;
  /** The import is erased at run time (`import type`, every name `type`, `typeof import(…)`). */
  typeOnly: boolean;
  line: number;
}

export interface SourceFile {
  path: string;
  text: string;
  ast: ts.SourceFile;
}

/** Test code: under test/, a `*.test.ts`, or a `testing/` helper folder next to the code it tests. */
export function isTestFile(path: string): boolean {
  return path.startsWith('test/') || path.endsWith('.test.ts') || path.includes('/testing/');
}

/** Every `.ts` file of the checkout at `root`, repository-relative, sorted. */
export function listSourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (SKIPPED.has(name)) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function parseFiles(root: string, paths: string[]): SourceFile[] {
  return paths.map((path) => {
    const text = readFileSync(join(root, path), 'utf8');
    return { path, text, ast: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) };
  });
}

/** A relative specifier resolved the way the bundler resolution of tsconfig does; bare ones are returned as is. */
export function resolveSpecifier(root: string, from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const stripped = base.replace(/\.(js|ts)$/, '');
  for (const candidate of [`${stripped}.ts`, `${stripped}/index.ts`, base]) {
    if (existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile()) return candidate;
  }
  return base;
}

function namedAllTypes(bindings: ts.NamedImportBindings | ts.NamedExportBindings | undefined): boolean {
  if (!bindings || !ts.isNamedImports(bindings) && !ts.isNamedExports(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The imports and re-exports of one file, including `import('…')` (run time) and `typeof import('…')` (types). */
export function readImports(root: string, file: SourceFile): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const add = (spec: ts.Expression | undefined, typeOnly: boolean, node: ts.Node) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const line = file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1;
    edges.push({ from: file.path, to: resolveSpecifier(root, file.path, spec.text), typeOnly, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && namedAllTypes(clause.namedBindings)));
      add(node.moduleSpecifier, typeOnly, node);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly || namedAllTypes(node.exportClause), node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return edges;
}

export interface FunctionSpan {
  path: string;
  name: string;
  line: number;
  lines: number;
}

function functionName(node: ts.Node, file: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(file);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(file);
  }
  if (ts.isCallExpression(parent)) return `${parent.expression.getText(file).slice(0, 40)}(…) callback`;
  return '<anonymous>';
}

/** Every function with a body (declarations, methods, arrows, expressions), with its length in lines. */
export function functionSpans(file: SourceFile): FunctionSpan[] {
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line;
      const end = file.ast.getLineAndCharacterOfPosition(node.getEnd()).line;
      spans.push({ path: file.path, name: functionName(node, file.ast), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return spans;
}

/** The names drizzle-orm exports the file imports: its `sql` tag among them. */
function drizzleImports(file: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.ast.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!statement.moduleSpecifier.text.startsWith('drizzle-orm')) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

const SQL_START = /^\s*(select|insert|update|delete|with|create|alter|drop|truncate|copy|lock|set|reset|begin|commit|rollback|savepoint|do|notify|listen|vacuum|analyze|grant|revoke|values|explain)\b/i;

/**
 * Lines where a file writes SQL by hand for postgres.js: a tagged template whose text starts with a SQL verb
 * (drizzle's `sql` fragments, imported from drizzle-orm, are drizzle's and not counted), or `.unsafe(…)`.
 */
export function rawSqlLines(file: SourceFile): number[] {
  const drizzleTags = drizzleImports(file);
  const lines: number[] = [];
  const lineOf = (node: ts.Node) => file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node) && !(ts.isIdentifier(node.tag) && drizzleTags.has(node.tag.text))) {
      const head = ts.isNoSubstitutionTemplateLiteral(node.template) ? node.template.text : node.template.head.text;
      if (SQL_START.test(head)) lines.push(lineOf(node));
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'unsafe'
    ) {
      lines.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return lines;
}

/** Builder calls that take the table they query: `.select(…).from(t)`, `.insert(t)`, `.update(t)`, `.delete(t)`. */
const TABLE_CALLS = new Set(['from', 'insert', 'update', 'delete']);

/**
 * Lines where a file builds a drizzle query itself: a builder call given a table of the drizzle schema (a name
 * imported from db/schema, or `schema.x` of a namespace import of it), `db.query.<table>.findMany/findFirst(…)`,
 * or `.execute(sql`…`)` with drizzle's `sql` tag. Tables are known by their import, so `hash.update(…)` or
 * `map.delete(…)` are not counted; a table passed through a variable of another name would be missed.
 */
export function drizzleCallLines(root: string, file: SourceFile): number[] {
  const tables = new Set<string>();
  const namespaces = new Set<string>();
  for (const statement of file.ast.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!resolveSpecifier(root, file.path, statement.moduleSpecifier.text).startsWith('db/schema')) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    else if (bindings) for (const element of bindings.elements) if (!element.isTypeOnly) tables.add(element.name.text);
  }
  const sqlTags = drizzleImports(file);
  const isTable = (node: ts.Expression | undefined): boolean =>
    !!node &&
    ((ts.isIdentifier(node) && tables.has(node.text)) ||
      (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)));
  const lines = new Set<number>();
  const lineOf = (node: ts.Node) => file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const target = node.expression.expression;
      const [first] = node.arguments;
      const relational =
        (name === 'findMany' || name === 'findFirst') &&
        ts.isPropertyAccessExpression(target) &&
        ts.isPropertyAccessExpression(target.expression) &&
        target.expression.name.text === 'query';
      const executed = name === 'execute' && !!first && ts.isTaggedTemplateExpression(first) && ts.isIdentifier(first.tag) && sqlTags.has(first.tag.text);
      // Counted at the line of the call's name (`.from`, `.insert`…): where a chain over several lines names its table.
      if ((TABLE_CALLS.has(name) && isTable(first)) || relational || executed) lines.add(lineOf(node.expression.name));
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return [...lines].sort((a, b) => a - b);
}

/** Strongly connected components of more than one file (or a file importing itself): the import circles. */
export function circles(nodes: string[], edges: Pick<ImportEdge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]));
  for (const e of edges) if (next.has(e.to)) next.get(e.from)?.add(e.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  // Iterative Tarjan: the import graph is deep enough to make recursion uncomfortable.
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; it: Iterator<string> }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, it: next.get(node)![Symbol.iterator]() });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.it.next();
      if (!step.done) {
        const to = step.value;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        if (component.length > 1 || next.get(top.node)!.has(top.node)) found.push(component.sort());
      }
    }
  }
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Every file reached from `entries` through run-time imports (the code a process loads). */
export function runtimeClosure(entries: string[], edges: ImportEdge[]): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(next.get(file) ?? []));
  }
  return seen;
}
