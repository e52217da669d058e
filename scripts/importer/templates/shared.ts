import type { ImportKind } from '../../../contracts';

/** What every template is given: the importer key and the name of the exported constant. */
export interface TemplateInput {
  key: string;
  /** camelCase of the key: the exported definition (`acme-careers` → `acmeCareers`). */
  name: string;
}

/** Relative path inside `importers/<key>/` → file content. */
export type TemplateFiles = Record<string, string>;

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
export function quirksComment(key: string, kind: ImportKind): string {
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
export function testHead(input: TemplateInput, routes: string): string {
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

export const fixtureRoute = (path: string, contentType: string, file: string): string =>
  `      '${path}': { contentType: '${contentType}', body: { file: new URL('./fixtures/${file}', import.meta.url) } },`;

/** The comment above the exact expectation, the same in every template. */
export const EXACT_COMMENT =
  '    // Written by hand from the fixtures. normaliseAll checks each content hash against its record and leaves it\n' +
  '    // out, so every other field is compared exactly.';
