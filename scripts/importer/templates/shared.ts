import type { ImportKind } from '../../../contracts';

/** What every template is given: the importer key and the name of the exported constant. */
export interface TemplateInput {
  key: string;
  /** camelCase of the key: the exported definition (`acme-careers` → `acmeCareers`). */
  name: string;
}

/** Relative path inside `importers/<key>/` → file content. */
export type TemplateFiles = Record<string, string>;

/**
 * One kind's scaffold as data, rendered by renderTemplate. `index` and `test` hold placeholders: `{{name}}` (the
 * exported constant), `{{Name}}` (it capitalised), `{{key}}`, `{{quirks}}` (quirksComment) and, in the test,
 * `{{exact}}` (EXACT_COMMENT). The fixture is written as is.
 */
export interface KindTemplate {
  kind: ImportKind;
  index: string;
  /** The client's source: its file under `fixtures/`, and the path and content type the test serves it at. */
  fixture: { file: string; path: string; contentType: string; content: string };
  /** The test after its head (testHead): the `it` blocks and the closing of the `describe`. */
  test: string;
}

/** The files of one importer scaffold. */
export function renderTemplate(template: KindTemplate, input: TemplateInput): TemplateFiles {
  const { key, name } = input;
  const values: Record<string, string> = {
    name,
    Name: name.charAt(0).toUpperCase() + name.slice(1),
    key,
    quirks: quirksComment(key, template.kind),
    exact: EXACT_COMMENT,
  };
  const render = (text: string, part: string): string =>
    text.replace(/\{\{(\w+)\}\}/g, (_, placeholder: string) => {
      const value = values[placeholder];
      if (value === undefined) throw new Error(`The ${template.kind} template's ${part} has an unknown placeholder {{${placeholder}}}`);
      return value;
    });
  const { file, path, contentType, content } = template.fixture;
  return {
    'index.ts': render(template.index, 'index.ts'),
    [`fixtures/${file}`]: content,
    [`${key}.test.ts`]: `${testHead(input, fixtureRoute(path, contentType, file))}\n${render(template.test, 'test')}`,
  };
}

const KIND_LABEL: Record<ImportKind, string> = {
  html: 'career site scraped with selectors',
  xml: 'XML feed, streamed',
  json: 'JSON API, paginated',
  jsonld: 'schema.org JobPosting (JSON-LD) pages',
};

/**
 * The doc comment on the definition. Placeholders are TODOs on purpose: the quirks of a client's source are what
 * the next developer needs, and nobody but the one who wrote the importer knows them.
 */
function quirksComment(key: string, kind: ImportKind): string {
  return `/**
 * ${key} (${KIND_LABEL[kind]}).
 * TODO: one line on the client and its source (CMS or ATS, who hosts it).
 *
 * Quirks (keep this list current; it is what the next developer reads first):
 * - TODO: what the source does oddly and how this importer copes, e.g. "the listing is sorted by last update, so a
 *   job can show up on two pages: the SDK keeps the first", "dates are Paris local time without a zone".
 */`;
}

/** The generated test's head: a real HTTP server on 127.0.0.1 serving the fixtures, and the production context. */
function testHead(input: TemplateInput, routes: string): string {
  return `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type FixtureServer, normaliseAll, serveFixtures, type TestContext, testContext } from '../sdk/kinds/test-context';
import { ${input.name} } from './index';

describe('${input.key} importer', () => {
  let server: FixtureServer;
  let ctx: TestContext;

  beforeAll(async () => {
    // The client's source as paths on a real HTTP server on 127.0.0.1: one route per fixture file.
    server = await serveFixtures({
${routes}
    });
    ctx = testContext();
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });
`;
}

const fixtureRoute = (path: string, contentType: string, file: string): string =>
  `      '${path}': { contentType: '${contentType}', body: { file: new URL('./fixtures/${file}', import.meta.url) } },`;

/** The comment above the exact expectation, the same in every template. */
const EXACT_COMMENT =
  '    // Written by hand from the fixtures. normaliseAll checks each content hash against its record and leaves it\n' +
  '    // out, so every other field is compared exactly.';
