import type postgres from 'postgres';

export interface StagedRecord {
  seq: number;
  externalId: string | null;
  valid: boolean;
  job: Record<string, unknown> | null;
  contentHash: string | null;
  raw: Record<string, unknown> | null;
  errors: { field: string; message: string }[] | null;
  sourceUrl: string | null;
}

/**
 * Writes a run's records to run_records in batches with COPY (the fastest path into Postgres), so memory
 * holds one batch whatever the feed's size.
 */
export class StageWriter {
  private batch: StagedRecord[] = [];
  records = 0;
  valid = 0;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly runId: string,
    private readonly batchSize: number,
  ) {}

  async clear(): Promise<void> {
    // A retried extraction starts from an empty stage: the run's records are rewritten, never appended twice.
    await this.sql`delete from run_records where run_id = ${this.runId}`;
  }

  async add(record: StagedRecord): Promise<void> {
    this.batch.push(record);
    this.records += 1;
    if (record.valid) this.valid += 1;
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    const lines = rows.map((r) =>
      [
        this.runId,
        String(r.seq),
        r.externalId,
        r.valid ? 't' : 'f',
        json(r.job),
        r.contentHash,
        json(r.raw),
        json(r.errors),
        r.sourceUrl,
      ]
        .map(copyField)
        .join('\t'),
    );
    const stream = await this.sql`copy run_records (run_id, seq, external_id, valid, job, content_hash, raw, errors, source_url) from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(lines.join('\n') + '\n');
    });
  }
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** COPY text format: \N is null; backslash, tab, newline and carriage return are escaped. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
