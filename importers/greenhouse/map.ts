import { DomUtils, parseDocument } from 'htmlparser2';
import { z } from 'zod';
import type { RawJob, RawLocation } from '../sdk/definition';

/** The fields of the Job Board API (`GET /v1/boards/{token}/jobs?content=true`) this importer reads. */
const metadataSchema = z.object({
  name: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).nullable(),
});

export const greenhouseJobSchema = z.object({
  id: z.number(),
  title: z.string(),
  absolute_url: z.string().nullable(),
  updated_at: z.string().nullable(),
  first_published: z.string().nullable().optional(),
  location: z.object({ name: z.string().nullable() }).nullable(),
  content: z.string().nullable().optional(),
  departments: z.array(z.object({ name: z.string() })).default([]),
  metadata: z.array(metadataSchema).nullable().optional(),
});
export type GreenhouseJob = z.infer<typeof greenhouseJobSchema>;

export const greenhouseBoardSchema = z.object({ jobs: z.array(greenhouseJobSchema) });

export interface GreenhouseMapOptions {
  /** Name of the custom metadata field holding the contract type: Greenhouse has no native one. */
  contractTypeField?: string | undefined;
  /** Name of the custom metadata field holding the working time, when kept apart from the contract. */
  workingTimeField?: string | undefined;
}

// Letter-aware boundaries: `\b` does not see "à" or "é" as letters.
const REMOTE = /(?<![\p{L}\d])(full[- ]remote|remote|t[ée]l[ée]travail|à distance)(?![\p{L}\d])/iu;

/**
 * `location.name` is free text typed by the recruiter: "Paris, Île-de-France, France", "Lyon",
 * "Télétravail - France". Read as "city[, region], country"; a remote marker sets `remote` and is not a city.
 */
export function parseGreenhouseLocation(name: string | null | undefined): RawLocation {
  const text = name?.trim() ?? '';
  const remote = REMOTE.test(text);
  const rest = remote ? text.replace(REMOTE, '').replace(/^[\s,\-–()]+|[\s,\-–()]+$/g, '') : text;
  const parts = rest.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { city: null, region: null, postalCode: null, country: null, remote };
  if (remote && parts.length === 1) return { city: null, region: null, postalCode: null, country: parts[0] ?? null, remote };
  if (parts.length === 1) return { city: parts[0] ?? null, region: null, postalCode: null, country: null, remote };
  return {
    city: parts[0] ?? null,
    region: parts.length >= 3 ? (parts[1] ?? null) : null,
    postalCode: null,
    country: parts.at(-1) ?? null,
    remote,
  };
}

/**
 * Several places are typed into the one `location.name`, separated by ";", "|" or " / " ("Paris, France; Lyon,
 * France"); commas cannot separate places, they separate a city from its country.
 */
export function parseGreenhouseLocations(name: string | null | undefined): RawLocation[] {
  const parts = (name ?? '').split(/\s*(?:;|\||\s\/\s)\s*/).filter((part) => part.trim() !== '');
  return parts.length === 0 ? [] : parts.map(parseGreenhouseLocation);
}

/** `content` arrives HTML-escaped once ("&lt;p&gt;"): decoding the text yields the description's HTML. */
export function unescapeContent(content: string | null | undefined): string | null {
  if (content == null || content.trim() === '') return null;
  return DomUtils.textContent(parseDocument(content, { decodeEntities: true }));
}

/** Every value of a custom field, in the board's order: a multi-select field gives several ("Freelance", "CDD"). */
function metadataValues(job: GreenhouseJob, field: string | undefined): string[] {
  if (field === undefined) return [];
  const entry = job.metadata?.find((m) => m.name.trim().toLowerCase() === field.trim().toLowerCase());
  if (entry?.value == null) return [];
  return Array.isArray(entry.value) ? entry.value : [String(entry.value)];
}

const oneOrMany = (values: string[]): string | string[] | null => (values.length > 1 ? values : (values[0] ?? null));

export function mapGreenhouseJob(job: GreenhouseJob, options: GreenhouseMapOptions = {}): RawJob {
  return {
    externalId: String(job.id),
    title: job.title,
    description: unescapeContent(job.content),
    locations: parseGreenhouseLocations(job.location?.name),
    contractType: oneOrMany(metadataValues(job, options.contractTypeField)),
    workingTime: metadataValues(job, options.workingTimeField).join(', ') || null,
    department: job.departments[0]?.name ?? null,
    salary: null,
    applyUrl: job.absolute_url,
    // The description is the job page's: its relative links are read against that page, not the API.
    baseUrl: job.absolute_url,
    postedAt: job.first_published ?? null,
    updatedAt: job.updated_at,
  };
}
