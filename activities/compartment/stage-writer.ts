import { createHash, type Hash } from 'node:crypto';
import type { Writable } from 'node:stream';
import type postgres from 'postgres';

export interface StagedRecord {
  seq: number;
  externalId: string | null;
  valid: boolean;
  job: Record<string, unknown> | null;
  /** The job's JSON when the caller has it already (importers/sdk `jobJson`): not serialised a second time. */
  jobText?: string;
  contentHash: string | null;
  raw: Record<string, unknown> | null;
  errors: { field: string; message: string }[] | null;
  sourceUrl: string | null;
}

/** Most characters of COPY text gathered into one write to the stream (one CopyData message). */
const CHUNK_CHARS = 256 * 1024;
/**
 * An open COPY is an open transaction holding the writer's connection. One with no row for this long is ended (its
 * rows are committed) and a new one is opened by the next row: a caller that gives up on the writer without
 * `abort()` gets its connection back, and a slow crawl does not hold the database's vacuum horizon between pages.
 */
const IDLE_MS = 1_000;
/** …and one older than this is ended at the next chunk, for the vacuum horizon again: a long feed gets a few COPYs. */
const MAX_AGE_MS = 30_000;

/**
 * Writes a run's records to run_records with COPY (the fastest path into Postgres) as they come: one COPY stream
 * stays open while records flow, and `add()` only waits when Postgres is behind (the stream's backpressure), so
 * parsing and normalising overlap the writing. Memory holds one chunk whatever the feed's size. `finish()` ends
 * the stream and checks that every record added is in the table.
 *
 * `sql` must be a single connection (`max: 1`) or a transaction: nothing else may use it while a COPY is open, and
 * `finish()`'s check relies on running after the COPY on the same connection. On an extraction failure, `abort()`
 * frees the connection at once (else the idle end below does, within IDLE_MS).
 */
export class StageWriter {
  records = 0;
  valid = 0;
  private stream: Writable | null = null;
  private openedAt = 0;
  /** Settles once the stream's last write left for the socket: only then does `end()` send CopyDone at once. */
  private lastWrite: Promise<unknown> = Promise.resolve();
  private chunk = '';
  private chunkRows = 0;
  private idle: NodeJS.Timeout | null = null;
  /** Settles once the streams ended so far are over: a next COPY may then be opened. */
  private ending: Promise<void> = Promise.resolve();
  /** The first failure of a stream, thrown by the next `add()` or `finish()`. */
  private failure: Error | null = null;
  /** `importer try` stages inside its transaction (`savepoint` is what tells a TransactionSql from a pool). */
  private readonly inTransaction: boolean;
  private hash: Hash = newDigest();
  private digestHex: string | null = null;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly runId: string,
    /** Most rows gathered into one write to the stream. */
    private readonly batchSize: number,
  ) {
    this.inTransaction = typeof (sql as Partial<postgres.TransactionSql>).savepoint === 'function';
  }

  async clear(): Promise<void> {
    this.chunk = '';
    this.chunkRows = 0;
    this.endStream();
    await this.ending;
    // A retried extraction starts from an empty stage: the run's records are rewritten, never appended twice.
    await this.sql`delete from run_records where run_id = ${this.runId}`;
    this.records = 0;
    this.valid = 0;
    this.failure = null;
    this.hash = newDigest();
    this.digestHex = null;
  }

  /**
   * sha256 of the records staged, in order: each one's validity, external id and content hash, which is all the
   * apply reads of them (the job itself is what its content hash says). Known once `finish()` succeeded.
   */
  get digest(): string {
    if (this.digestHex === null) throw new Error('The records digest is known once finish() succeeded');
    return this.digestHex;
  }

  async add(record: StagedRecord): Promise<void> {
    if (this.failure) throw this.failure;
    this.chunk += copyLine(this.runId, record);
    // Unambiguous: a JSON string (or null) cannot hold a raw newline, a content hash is hex.
    this.hash.update(`${record.valid ? 'v' : 'i'}${JSON.stringify(record.externalId)}${record.contentHash ?? ''}\n`);
    this.chunkRows += 1;
    this.records += 1;
    if (record.valid) this.valid += 1;
    if (this.chunkRows >= this.batchSize || this.chunk.length >= CHUNK_CHARS) {
      // Not while this row waits for the stream: the idle end is for a producer that stopped, not for a slow database.
      this.disarmIdle();
      await this.writeChunk();
    }
    if (!this.stream) return;
    if (this.idle) this.idle.refresh();
    else this.idle = setTimeout(() => this.endStream(), IDLE_MS);
  }

  /**
   * Writes what is left, ends the stream and checks the stage: resolves once every record added is in run_records.
   * A COPY that fails on its last rows is not reported by postgres.js (the error comes back after CopyDone, once the
   * stream is no longer watched, and is dropped): the count is what tells. It costs one index scan of the run's rows.
   */
  async finish(): Promise<void> {
    this.disarmIdle();
    if (this.failure) throw this.failure;
    if (this.chunk.length > 0) await this.writeChunk();
    this.endStream();
    await this.ending;
    const [row] = await this.sql<{ n: number }[]>`select count(*)::int as n from run_records where run_id = ${this.runId}`;
    if (this.failure) throw this.failure;
    const n = row?.n ?? 0;
    if (n !== this.records) throw new Error(`Staging run ${this.runId} lost records: ${n} of ${this.records} are in run_records`);
    this.digestHex = this.hash.digest('hex');
  }

  /** The name from when each batch was a COPY of its own: ends the stream, like `finish()`. */
  flush(): Promise<void> {
    return this.finish();
  }

  private async writeChunk(): Promise<void> {
    const text = this.chunk;
    this.chunk = '';
    this.chunkRows = 0;
    if (this.stream && Date.now() - this.openedAt > MAX_AGE_MS) this.endStream();
    const stream = this.stream ?? (await this.open());
    let writing = true;
    this.lastWrite = new Promise((resolve) => {
      writing = stream.write(text, resolve);
    });
    // Waiting for 'drain', or else for one turn of the event loop: either way postgres.js gets to read the server's
    // answers, so a row Postgres refuses fails the next add() with its own error even when the producer never
    // waits for I/O itself (the kernel taking every chunk at once, 'drain' is never needed).
    if (!writing) await drained(stream);
    else await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.inTransaction) {
      // The caller's next statement may be its rollback (an importer error): postgres.js would refuse it while the
      // COPY is open, so a transaction never gets control back with one open. Slower (each chunk waits for the
      // previous COPY to finish before its own starts), but only `importer try` stages in a transaction.
      this.endStream();
      await this.ending;
    }
    if (this.failure) throw this.failure;
  }

  /**
   * Stops on an extraction failure: the open COPY is cancelled (CopyFail, its rows rolled back) so that the
   * connection is free at once. The stage is left as it is; a retry clears it.
   */
  abort(): void {
    this.disarmIdle();
    this.chunk = '';
    this.chunkRows = 0;
    const stream = this.stream;
    this.stream = null;
    if (stream && !stream.destroyed) stream.destroy(new Error('extraction stopped'));
  }

  private async open(): Promise<Writable> {
    await this.ending;
    if (this.failure) throw this.failure;
    const stream = await this.sql`copy run_records (run_id, seq, external_id, valid, job, content_hash, raw, errors, source_url) from stdin`.writable();
    // Always listened to: a failure while nobody awaits the stream must not crash the process.
    stream.on('error', (err: Error) => {
      this.failure ??= err;
    });
    this.stream = stream;
    this.openedAt = Date.now();
    return stream;
  }

  /**
   * Ends the open stream, if any, in the background; `ending` settles once it is over and the connection is free
   * for another COPY. Once its writes left, `end()` sends CopyDone at once (Node calls `_final` synchronously when
   * nothing is pending). Two postgres.js quirks decide the rest:
   * - a finished stream is auto-destroyed, and its destroy sends CopyFail and forgets the connection's current
   *   stream: a COPY opened before that would be failed ("COPY from stdin failed: null"), so 'close' is awaited;
   * - a COPY failing after CopyDone never completes its stream: the next statement's completion does. Hence the
   *   `select 1`, queued behind the COPY (its only other effect: one round trip per COPY).
   */
  private endStream(): void {
    this.disarmIdle();
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    const flushed = this.lastWrite;
    this.ending = this.ending.then(async () => {
      await flushed;
      const closed = stream.closed ? Promise.resolve() : new Promise<void>((resolve) => stream.once('close', () => resolve()));
      if (!stream.destroyed) stream.end();
      const synced = this.sql`select 1`.then(
        () => undefined,
        (err: Error) => {
          this.failure ??= err;
        },
      );
      await Promise.all([closed, synced]);
    });
  }

  private disarmIdle(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }
}

/** Versioned: a change to what goes into the digest must not make an old run's digest match a new one's. */
const newDigest = (): Hash => createHash('sha256').update('liaison run records digest v1\n');

/** Resolves on 'drain', or once the stream failed or closed (the failure is then in the writer's `failure`). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

function copyLine(runId: string, r: StagedRecord): string {
  return (
    `${runId}\t${r.seq}\t${copyField(r.externalId)}\t${r.valid ? 't' : 'f'}\t${r.jobText === undefined ? copyJson(r.job) : copyJsonText(r.jobText)}\t${copyField(r.contentHash)}\t` +
    `${copyJson(r.raw)}\t${copyJson(r.errors)}\t${copyField(r.sourceUrl)}\n`
  );
}

/** JSON.stringify never leaves a raw tab, newline or carriage return in its text: only backslashes need escaping. */
function copyJson(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return copyJsonText(JSON.stringify(value));
}

function copyJsonText(text: string): string {
  return text.includes('\\') ? text.replace(/\\/g, '\\\\') : text;
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** COPY text format: \N is null; backslash, tab, newline and carriage return are escaped. */
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
