import type { RawJob } from '../definition';
import { decodeEntities } from './jsonld-parse';

/**
 * schema.org JobPosting to RawJob. Sites fill the vocabulary loosely: a property may be a string, an object or an
 * array of either, so every read goes through `first`/`text`. Every place of `jobLocation` is a location of the
 * job; `employmentType` may list several values (["FULL_TIME", "CONTRACTOR"]), all read.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v.find((x) => x !== null && x !== undefined && x !== '') : v;
}

/** A scalar as text; for an object, its `name` or `value` (Country, PropertyValue, Organization). */
function text(v: unknown): string | null {
  const value = first(v);
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (isObj(value)) return text(value.name ?? value.value);
  return null;
}

function amount(v: unknown): string | number | null {
  return typeof v === 'number' ? v : text(v);
}

function address(place: unknown): Obj | null {
  if (!isObj(place)) return null;
  const addr = first(place.address);
  if (isObj(addr)) return addr;
  // Some sites put PostalAddress fields on the Place itself, or give the address as one string.
  if (typeof addr === 'string') return { addressLocality: addr };
  return 'addressLocality' in place || 'addressCountry' in place ? place : null;
}

function locations(posting: Obj): RawJob['locations'] {
  const places = Array.isArray(posting.jobLocation) ? posting.jobLocation : [posting.jobLocation];
  const addresses = places.map(address).filter((a) => a !== null);
  const types = Array.isArray(posting.jobLocationType) ? posting.jobLocationType : [posting.jobLocationType];
  const remote = types.some((t) => typeof t === 'string' && t.toUpperCase() === 'TELECOMMUTE');
  if (addresses.length === 0) {
    // A fully remote posting names the countries it hires in instead of a place.
    const requirements = Array.isArray(posting.applicantLocationRequirements) ? posting.applicantLocationRequirements : [posting.applicantLocationRequirements];
    const countries = requirements.map(text).filter((c) => c !== null);
    if (countries.length === 0) return remote ? [{ city: null, region: null, postalCode: null, country: null, remote }] : [];
    return countries.map((country) => ({ city: null, region: null, postalCode: null, country, remote }));
  }
  return addresses.map((addr) => ({
    city: text(addr.addressLocality),
    region: text(addr.addressRegion),
    postalCode: text(addr.postalCode),
    country: text(addr.addressCountry),
    remote,
  }));
}

/** Every value of a property that may be one text or a list ("FULL_TIME" or ["FULL_TIME", "PART_TIME"]). */
function texts(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).map(text).filter((t) => t !== null);
}

function salary(posting: Obj): RawJob['salary'] {
  const base = first(posting.baseSalary);
  if (base === undefined || base === null) return null;
  const money: Obj = isObj(base) ? base : { value: base };
  const rawValue = first(money.value);
  const quantity: Obj = isObj(rawValue) ? rawValue : { value: rawValue };
  const single = amount(quantity.value);
  const min = amount(quantity.minValue) ?? single;
  const max = amount(quantity.maxValue) ?? single;
  if (min === null && max === null) return null;
  return {
    min,
    max,
    currency: text(money.currency) ?? text(posting.salaryCurrency),
    period: text(quantity.unitText) ?? text(money.unitText),
  };
}

/** The PropertyValue's `value`, or a plain identifier. */
export function identifierOf(posting: Obj): string | null {
  const id = first(posting.identifier);
  if (isObj(id)) return text(id.value) ?? text(id['@value']);
  return text(id);
}

export function hiringOrganizationName(posting: Obj): string | null {
  return text(posting.hiringOrganization);
}

/** Description HTML escaped once more than it should be ("&lt;p&gt;"): unescape it so sanitising keeps the markup. */
function description(v: unknown): string | null {
  const d = text(v);
  if (d === null) return null;
  return !/<[a-z/]/i.test(d) && /&lt;\/?[a-z]/i.test(d) ? decodeEntities(d) : d;
}

export interface PostingContext {
  /** Page the posting was read from: resolves relative URLs and stands in for a missing `url`. */
  pageUrl: string;
  externalId: string | null;
}

export function jobPostingToRaw(posting: Obj, context: PostingContext): RawJob {
  const url = text(posting.url);
  let applyUrl = context.pageUrl;
  if (url !== null) {
    try {
      applyUrl = new URL(url, context.pageUrl).href;
    } catch {
      applyUrl = url; // reported by normalisation
    }
  }
  const date = (v: unknown): string | number | null => (typeof v === 'number' ? v : text(v));
  return {
    externalId: context.externalId,
    title: text(posting.title) ?? text(posting.name),
    description: description(posting.description),
    locations: locations(posting),
    contractType: texts(posting.employmentType),
    department: text(posting.department),
    salary: salary(posting),
    applyUrl,
    postedAt: date(posting.datePosted),
    updatedAt: date(posting.dateModified),
  };
}
