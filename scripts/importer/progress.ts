import type { Progress } from '../../activities/compartment/protocol';
import type { ExtractContext } from '../../importers/sdk';

/** Bytes for humans, binary units (what `ls -h` shows for the same file). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const describeProgress = (p: Progress): string => `${plural(p.pages, 'page')}, ${formatBytes(p.bytes)}, ${plural(p.jobs, 'job')}`;

/**
 * Live totals measured around the context, as documents and stream chunks arrive. The kinds' own progress reports
 * are too sparse for a person watching (the xml kind reports every 500 jobs): a slow feed would look stuck.
 */
export function meteredContext(ctx: ExtractContext, onChange: (totals: Progress) => void): { ctx: ExtractContext; totals: Progress; job(): void } {
  const totals: Progress = { pages: 0, bytes: 0, jobs: 0 };
  const changed = (): void => onChange({ ...totals });
  async function* counted(chunks: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const chunk of chunks) {
      totals.bytes += Buffer.byteLength(chunk, 'utf8');
      changed();
      yield chunk;
    }
  }
  return {
    totals,
    job() {
      totals.jobs += 1;
      changed();
    },
    ctx: {
      ...ctx,
      fetch: async (url, init) => {
        const doc = await ctx.fetch(url, init);
        totals.pages += 1;
        totals.bytes += doc.bytes;
        changed();
        return doc;
      },
      fetchStream: async (url, init) => {
        const stream = await ctx.fetchStream(url, init);
        totals.pages += 1;
        changed();
        return { ...stream, chunks: counted(stream.chunks) };
      },
    },
  };
}

/**
 * Progress on stderr, throttled: on a terminal the line is rewritten in place at most every 200 ms; in a log (CI,
 * a pipe) one line is written every 5 s at most, so a long fetch shows it is alive without flooding the log.
 */
export function progressReporter(stream: NodeJS.WriteStream, now: () => number = Date.now) {
  const started = now();
  const every = stream.isTTY ? 200 : 5000;
  let last = -Infinity;
  let drawn = false;
  return {
    report(p: Progress): void {
      if (now() - last < every) return;
      last = now();
      const line = `Fetching… ${describeProgress(p)} (${((now() - started) / 1000).toFixed(0)} s)`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${line}`);
        drawn = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    /** Clears the live line before anything else is printed. */
    clear(): void {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
    elapsedSeconds: (): string => ((now() - started) / 1000).toFixed(1),
  };
}
