import type { FeedFieldMap } from './field-map';

/**
 * Known feed shapes: their item and field map, the defaults a configuration completes or overrides. `indeed` is
 * what `multiposting-xml` reads (the Indeed "XML feed" format used by multiposting tools).
 */
export interface FeedPreset {
  format: 'xml' | 'json';
  items: string;
  fields: FeedFieldMap;
}

// Indeed's <remotetype>: "Fully remote" is remote; "Hybrid remote" and "Temporarily remote" are not.
const FULLY_REMOTE = '/(fully remote|full[- ]remote|100\\s*%\\s*(?:remote|t[ée]l[ée]travail)|t[ée]l[ée]travail (?:complet|total))/i';

export const PRESETS = {
  /** Indeed / multiposting `<source><job>`: CDATA or escaped HTML, RFC 2822 `<date>`, free-text `<salary>`. */
  indeed: {
    format: 'xml',
    items: 'job',
    fields: {
      externalId: 'referencenumber',
      title: 'title',
      description: 'description',
      city: 'city',
      region: 'state',
      postalCode: 'postalcode',
      country: 'country',
      remote: { path: 'remotetype', regex: FULLY_REMOTE },
      contractType: 'jobtype',
      department: 'category',
      applyUrl: 'url',
      postedAt: 'date',
      salaryText: 'salary',
    },
  },
  /** RSS 2.0 (`<rss><channel><item>`): the guid identifies, the link applies, pubDate is RFC 2822. */
  rss: {
    format: 'xml',
    items: 'rss/channel/item',
    fields: { externalId: 'guid', title: 'title', description: 'description', applyUrl: 'link', postedAt: 'pubDate', department: 'category' },
  },
  /** Atom 1.0 (`<feed><entry>`): `<id>` is an IRI, the link is an attribute, dates are RFC 3339. */
  atom: {
    format: 'xml',
    items: 'feed/entry',
    fields: {
      externalId: 'id',
      title: 'title',
      description: 'content',
      applyUrl: 'link/@href',
      postedAt: 'published',
      updatedAt: 'updated',
      department: 'category/@term',
    },
  },
} satisfies Record<string, FeedPreset>;
