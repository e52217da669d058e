import type { Job, JobLocation } from './job';
import { canonicalJson, contentHash } from './normalise';

/**
 * Records of one source sharing an external id. Real feeds repeat a job byte for byte (a multiposting feed listing
 * each job 15 times) or once per location (Personio, Workable): those are one job. Anything else is a conflict the
 * import's policy decides (quarantine, or keep the first).
 */
export type DuplicateKind = 'identical' | 'locations' | 'conflict';

export interface DuplicateResolution {
  kind: DuplicateKind;
  /** The job the run applies for this id: the first record, with the locations of the location-only repeats. */
  job: Job;
  /** For a conflict: the first record and the first one that differs beyond its location, and the fields that do. */
  conflict: { versions: [Job, Job]; fields: string[] } | null;
}

/**
 * One job with the locations of `a` then those of `b` not already in it: the one place records that differ only in
 * location are merged (Personio lists a job once per office, Workable once per location).
 */
export function mergeLocations(a: Job, b: Job): Job {
  const seen = new Set(a.locations.map((l: JobLocation) => canonicalJson(l)));
  const added = b.locations.filter((l) => !seen.has(canonicalJson(l)));
  return added.length === 0 ? a : { ...a, locations: [...a.locations, ...added] };
}

/** Job fields whose values differ between two versions (the hash aside); `location` names a location difference. */
export function differingFields(a: Job, b: Job): string[] {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  fields.delete('contentHash');
  return [...fields].filter((f) => canonicalJson((a as Record<string, unknown>)[f]) !== canonicalJson((b as Record<string, unknown>)[f])).sort();
}

const LOCATION_FIELDS = new Set(['location', 'locations']);

/** What to do with the valid records of one external id, in the order they were read (at least one). */
export function resolveDuplicates(records: readonly Job[]): DuplicateResolution {
  const [first, ...rest] = records;
  if (first === undefined) throw new Error('resolveDuplicates needs at least one record');
  let job = first;
  let kind: DuplicateKind = 'identical';
  let conflict: DuplicateResolution['conflict'] = null;
  for (const other of rest) {
    if (other.contentHash === first.contentHash) continue;
    const fields = differingFields(first, other);
    if (fields.every((f) => LOCATION_FIELDS.has(f))) {
      job = mergeLocations(job, other);
      if (kind === 'identical') kind = 'locations';
      continue;
    }
    kind = 'conflict';
    conflict ??= { versions: [first, other], fields };
  }
  // A merge that added locations changed the content: its hash follows.
  if (job !== first) job = { ...job, contentHash: contentHash(job) };
  return { kind, job, conflict };
}
