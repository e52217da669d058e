import { z } from 'zod';
import { defineEntry } from '../sdk/definition';

export const leverConfigSchema = z.object({
  /** The company slug: `jobs.lever.co/{company}`. */
  company: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a Lever company slug'),
  /** Postings per request; Lever caps `limit` silently, so stay at or below 100. */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** API origin: `https://api.eu.lever.co` for EU-hosted accounts; overridden by tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.lever.co'),
});
export type LeverConfig = z.infer<typeof leverConfigSchema>;

/** The importer's catalogue entry (importers/catalogue.ts): all of it but the extraction code. */
export const leverEntry = defineEntry({
  key: 'lever',
  kind: 'json',
  description: 'Lever postings API (api.lever.co / api.eu.lever.co), skip/limit pages',
  configSchema: leverConfigSchema,
  defaultSchedule: '23 */6 * * *',
});
