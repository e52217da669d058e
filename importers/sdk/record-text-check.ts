import { findMojibake } from './charset-check';
import type { FidelityNote } from './definition';
import type { Job } from './job';

/** Records named in a note: enough to find them, few enough to read. */
const NAMED = 5;

/** One record whose stored text would show mojibake or U+FFFD, and where. */
export interface RecordTextProblem {
  externalId: string;
  /** Dotted path in the job ("title", "locations.1.city"). */
  field: string;
  example: string;
}

/** The text a normalised job stores and shows, by field path. */
function* textFields(job: Job): Generator<[string, string]> {
  yield ['title', job.title];
  yield ['description', job.description];
  for (const [i, place] of job.locations.entries()) {
    for (const key of ['city', 'region', 'postalCode'] as const) {
      const value = place[key];
      if (value !== null) yield [`locations.${i}.${key}`, value];
    }
  }
  for (const key of ['contractLabel', 'department', 'salaryLabel'] as const) {
    const value = job[key];
    if (value != null) yield [key, value];
  }
}

/** The first field of a job holding mojibake or U+FFFD, or null. */
export function recordMojibake(job: Job): RecordTextProblem | null {
  for (const [field, text] of textFields(job)) {
    const found = findMojibake(text);
    if (found.count > 0) return { externalId: job.externalId, field, example: found.example ?? '' };
  }
  return null;
}

/**
 * Mojibake inside the records, after every decoding step (a charset, XML or HTML entities, JSON escapes): "R&#195;&#169;"
 * in a feed is clean bytes and clean markup, and still stores "RÃ©". The document-level check cannot see text that
 * only its entities spell; this sees what would be stored. One note for the run, naming the first records and fields.
 */
export class RecordTextScan {
  private count = 0;
  private readonly named: (RecordTextProblem & { url: string })[] = [];

  add(job: Job, sourceUrl: string): void {
    const problem = recordMojibake(job);
    if (problem === null) return;
    this.count += 1;
    if (this.named.length < NAMED) this.named.push({ ...problem, url: sourceUrl });
  }

  /** The `record_mojibake` note (never repaired: it fails the `encoding` check), or null when every record is clean. */
  note(): FidelityNote | null {
    const first = this.named[0];
    if (first === undefined) return null;
    const examples = this.named.map((p) => `"${p.externalId}" ${p.field}: "${p.example}"`).join('; ');
    return {
      kind: 'record_mojibake',
      url: first.url,
      count: this.count,
      repaired: false,
      message: `${this.count} ${this.count === 1 ? 'record holds mojibake or U+FFFD in its fields' : 'records hold mojibake or U+FFFD in their fields'}, e.g. ${examples}`,
      records: this.named.map(({ externalId, field, url }) => ({ externalId, field, url })),
    };
  }
}
