// What Postgres saw during a run: rows written per table (pg_stat_user_tables deltas) and where its time went
// (pg_stat_activity sampled every 100 ms: a poor man's profiler that needs no extension nor server log).
import postgres from 'postgres';

export const TABLES = ['jobs', 'job_changes', 'run_records', 'runs'] as const;
export type TableName = (typeof TABLES)[number];
export type TableCounts = Record<TableName, { ins: number; upd: number; del: number }>;

export interface DbProbe {
  tableCounts(): Promise<TableCounts>;
  /**
   * Table counters once the run's writes are in them. Backends publish their counters asynchronously (on going
   * idle, at most once a second, else after ~10 s), so this polls until `ready(delta)` holds or `timeoutMs` passes.
   */
  settledDelta(before: TableCounts, ready: (delta: TableCounts) => boolean, timeoutMs: number): Promise<{ delta: TableCounts; settled: boolean }>;
  /**
   * Starts sampling active statements; `stop()` returns approximate seconds per statement (summed over
   * connections, so parallel statements can add up to more than the wall time), largest first.
   */
  sample(): { stop(): Promise<{ statement: string; seconds: number }[]> };
  close(): Promise<void>;
}

const SAMPLE_MS = 100;

export function diff(after: TableCounts, before: TableCounts): TableCounts {
  const out = {} as TableCounts;
  for (const t of TABLES) out[t] = { ins: after[t].ins - before[t].ins, upd: after[t].upd - before[t].upd, del: after[t].del - before[t].del };
  return out;
}

export function openDbProbe(databaseUrl: string): DbProbe {
  // One connection for counters (the stats snapshot is per session), one for sampling.
  const stats = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'liaison-bench-probe' } });
  const sampler = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'liaison-bench-probe' } });

  const tableCounts = async (): Promise<TableCounts> => {
    await stats`select pg_stat_clear_snapshot()`;
    const rows = await stats<{ relname: TableName; ins: number; upd: number; del: number }[]>`
      select relname, n_tup_ins::float8 as ins, n_tup_upd::float8 as upd, n_tup_del::float8 as del
      from pg_stat_user_tables where relname in ${stats(TABLES)}`;
    const out = Object.fromEntries(TABLES.map((t) => [t, { ins: 0, upd: 0, del: 0 }])) as TableCounts;
    for (const r of rows) out[r.relname] = { ins: r.ins, upd: r.upd, del: r.del };
    return out;
  };

  return {
    tableCounts,
    async settledDelta(before, ready, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const delta = diff(await tableCounts(), before);
        if (ready(delta)) return { delta, settled: true };
        if (Date.now() > deadline) return { delta, settled: false };
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    sample() {
      const seen = new Map<string, number>();
      let running = true;
      let last = Date.now();
      const loop = (async () => {
        while (running) {
          const started = Date.now();
          // Each sample stands for the time since the previous one (longer than 100 ms when Postgres is slow to answer).
          const weight = started - last;
          last = started;
          const rows = await sampler<{ q: string }[]>`
            select left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as q from pg_stat_activity
            where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
              and application_name <> 'liaison-bench-probe'`.catch(() => []);
          for (const { q } of rows) seen.set(q, (seen.get(q) ?? 0) + weight);
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, SAMPLE_MS - (Date.now() - started))));
        }
      })();
      return {
        async stop() {
          running = false;
          await loop;
          return [...seen.entries()]
            .map(([statement, ms]) => ({ statement, seconds: ms / 1000 }))
            .sort((a, b) => b.seconds - a.seconds);
        },
      };
    },
    close: async () => {
      await Promise.all([stats.end({ timeout: 5 }), sampler.end({ timeout: 5 })]);
    },
  };
}
