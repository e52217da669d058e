import { z } from 'zod';
import { fieldSpecSchema } from './fields';

// The jsonld kind's configuration alone (no extraction code): what the importer catalogue and the API's checks load.

const httpUrl = z.url({ protocol: /^https?$/ });

export const jsonldConfigSchema = z
  .strictObject({
    /** Pages holding postings (job pages, or one page listing them all). */
    urls: z.array(httpUrl).default([]),
    listing: z
      .strictObject({
        urls: z.array(httpUrl).min(1),
        /** Selector of the links to job pages (their href). Absent: postings are on the listing pages. */
        links: z.string().min(1).optional(),
        nextPage: fieldSpecSchema.optional(),
        maxPages: z.number().int().min(1).max(1000).default(50),
        /** Marks a legitimately empty listing, as in the html kind. */
        emptySelector: z.string().min(1).optional(),
      })
      .optional(),
    /** Job pages fetched at once; the fetch policy's per-host limit still applies. */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** Where the external id comes from; `identifier` falls back to the URL when a posting has none. */
    idFrom: z.enum(['identifier', 'url']).default('identifier'),
    /** Regex applied to the id source; its first group (or the match) is the id: "/offres/(\\d+)". */
    idPattern: z.string().min(1).optional(),
    /** Keep only postings whose hiringOrganization name matches (regex, case-insensitive): multi-brand sites. */
    organization: z.string().min(1).optional(),
  })
  .refine((c) => c.urls.length > 0 || c.listing !== undefined, { message: 'give urls or a listing', path: ['urls'] });
export type JsonldConfig = z.output<typeof jsonldConfigSchema>;
export type JsonldConfigInput = z.input<typeof jsonldConfigSchema>;
