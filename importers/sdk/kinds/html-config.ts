import { z } from 'zod';
import { fieldMapSchema, fieldSpecSchema, RAW_FIELDS } from './fields';

// The html kind's configuration alone (no extraction code): what the importer catalogue and the API's checks load.

/** Jobs a page embeds as JSON instead of markup (embedded.ts reads them). */
/** A path into JSON: keys and 0-based indexes, `props.pageProps.jobs`, `offices[0].city`; `$` is the value itself. */
const jsonPath = z.string().min(1).regex(/^(?:\$|[^.[\]]+(?:\[\d+\])*(?:\.[^.[\]]+(?:\[\d+\])*)*)$/, 'a path like props.pageProps.jobs or offices[0].city ($: the value itself)');

export const embeddedJsonSchema = z
  .strictObject({
    /** Selector of the `<script>` whose text is the JSON: `script#__NEXT_DATA__`, `script[type="application/json"]`. */
    script: z.string().min(1).optional(),
    /** Or the variable a script assigns the state object to: `window.__STATE__`, `__INITIAL_STATE__`. */
    assignment: z.string().min(1).optional(),
    /** Path to the array of jobs in that JSON. */
    items: jsonPath,
    /** Job fields read in each item of the array, by path (`id`, `title`, `location.city`). */
    fields: z.partialRecord(z.enum(RAW_FIELDS), jsonPath),
  })
  .refine((e) => (e.script === undefined) !== (e.assignment === undefined), {
    message: 'give either script (a selector) or assignment (a variable name)',
    path: ['script'],
  });
export type EmbeddedJson = z.output<typeof embeddedJsonSchema>;

const httpUrl = z.url({ protocol: /^https?$/ });

/** The first number of a text, spaces and separators of thousands included ("1 234 offres"). */
const DEFAULT_COUNT_PATTERN = '(\\d[\\d\\s.,\\u00a0\\u202f]*)';

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** What is fixed for a site: selectors and limits. */
export const htmlScraperSchema = z
  .strictObject({
    /** Selector of one job in a list page (or `embedded`, for a page that carries its jobs as JSON). */
    item: z.string().min(1).optional(),
    /** Jobs read from JSON the page embeds (script block, __NEXT_DATA__, assigned state) instead of its markup. */
    embedded: embeddedJsonSchema.optional(),
    /**
     * The count the site shows ("42 offres"): `selector` of the element, `pattern` a regex whose first group is the
     * number (default: the first number). Checked against the records by the expected_count check.
     */
    expectedCount: z
      .strictObject({
        selector: z.string().min(1),
        pattern: z
          .string()
          .min(1)
          .default(DEFAULT_COUNT_PATTERN)
          .refine((p) => isRegex(p), 'not a valid regular expression'),
      })
      .optional(),
    /** Fields read inside each item. */
    fields: fieldMapSchema.default({}),
    /** The "next page" link (its href unless an attribute is given). */
    nextPage: fieldSpecSchema.optional(),
    maxPages: z.number().int().min(1).max(1000).default(50),
    /** Marks a legitimately empty listing ("Aucune offre pour le moment"): no items is then not a layout change. */
    emptySelector: z.string().min(1).optional(),
    detail: z
      .strictObject({
        /** The item's link to its detail page; `a@href` by default. */
        url: fieldSpecSchema.default('a@href'),
        /** Fields read on the detail page; a non-null value overrides the list field. */
        fields: fieldMapSchema,
      })
      .optional(),
    /** Detail pages fetched at once; the fetch policy's per-host limit still applies on top. */
    detailConcurrency: z.number().int().min(1).max(16).default(4),
  })
  .refine((c) => (c.item === undefined) !== (c.embedded === undefined), {
    message: 'give either item (a selector) or embedded (JSON in the page)',
    path: ['item'],
  })
  .refine((c) => (c.fields.externalId ?? c.detail?.fields.externalId ?? c.embedded?.fields.externalId) !== undefined, {
    message: 'externalId needs a field (list or detail)',
    path: ['fields', 'externalId'],
  })
  .refine((c) => (c.fields.title ?? c.detail?.fields.title ?? c.embedded?.fields.title) !== undefined, {
    message: 'title needs a field (list or detail)',
    path: ['fields', 'title'],
  });
export type HtmlScraper = z.output<typeof htmlScraperSchema>;
export type HtmlScraperInput = z.input<typeof htmlScraperSchema>;

/** Per-import settings: where the listing starts (differs between staging and production). */
export const htmlSiteSchema = z.strictObject({ listUrls: z.array(httpUrl).min(1) });
export type HtmlSite = z.output<typeof htmlSiteSchema>;

/** A whole scraper stored as configuration (no transforms: they cannot be stored). */
export const htmlConfigSchema = z.intersection(htmlSiteSchema, htmlScraperSchema);
export type HtmlConfig = HtmlSite & HtmlScraper;
