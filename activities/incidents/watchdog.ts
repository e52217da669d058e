import type postgres from 'postgres';
import type { EnvironmentName } from '../../contracts';
import { registry } from '../../importers/registry';
import { effectiveCron, FALLBACK_CRON } from '../../platform/schedule';
import { cronIntervalMs } from './cron';

export interface ScheduleLag {
  importId: string;
  name: string;
  environment: EnvironmentName;
  cron: string;
  intervalMs: number;
  lastSuccessAt: Date | null;
  /** Time past the next expected good run (last good run, or going live, plus one interval), ≥ 0, in ms. */
  lagMs: number;
}

export interface OverdueImport {
  importId: string;
  environment: EnvironmentName;
  cron: string;
  lastSuccessAt: string | null;
  summary: string;
}


/**
 * How late each live import is on its production schedule, from Postgres alone: the last applied production run
 * against the schedule's interval. A paused schedule, a stuck worker or a schedule deleted by hand all look the
 * same from here — no good run — which is the point: it watches the outcome, not the machinery. Shared by the
 * watchdog and the `liaison_schedule_lag_seconds` metric.
 */
export async function scheduleLags(sql: postgres.Sql, now = Date.now()): Promise<ScheduleLag[]> {
  const rows = await sql<{ id: string; name: string; schedule: string | null; importer_key: string; last_success: Date | string | null; live_since: Date | string }[]>`
    select i.id, i.name, c.schedule, c.importer_key, i.updated_at as live_since,
      (select max(coalesce(r.finished_at, r.started_at)) from runs r
        where r.import_id = i.id and r.environment = 'production' and r.status = 'applied') as last_success
    from imports i join import_configs c on c.import_id = i.id and c.environment = 'production'
    where i.stage = 'live'
    order by i.id`;
  return rows.map((row) => {
    const cron = effectiveCron({ importId: row.id, schedule: row.schedule, defaultSchedule: registry.get(row.importer_key)?.defaultSchedule });
    let intervalMs: number;
    try {
      intervalMs = cronIntervalMs(cron);
    } catch {
      intervalMs = cronIntervalMs(FALLBACK_CRON);
    }
    // Timestamps from raw `sql` arrive as text (db/client.ts's drizzle driver replaces postgres.js's date parsers).
    const lastSuccessAt = row.last_success === null ? null : new Date(row.last_success);
    const reference = (lastSuccessAt ?? new Date(row.live_since)).getTime();
    return { importId: row.id, name: row.name, environment: 'production', cron, intervalMs, lastSuccessAt, lagMs: Math.max(0, now - reference - intervalMs) };
  });
}

export function createWatchdogActivities(deps: { sql: postgres.Sql }) {
  return {
    /** Live imports whose last good run is older than twice their schedule's interval plus the grace. */
    async findOverdueImports(input: { graceMs: number; onlyImports?: string[] }): Promise<{ checked: number; overdue: OverdueImport[] }> {
      const lags = (await scheduleLags(deps.sql)).filter((l) => !input.onlyImports || input.onlyImports.includes(l.importId));
      const overdue = lags
        .filter((l) => l.lagMs > l.intervalMs + input.graceMs)
        .map((l) => {
          const allowedMin = Math.round((2 * l.intervalMs + input.graceMs) / 60_000);
          const since = l.lastSuccessAt ? `last good run ${l.lastSuccessAt.toISOString()}` : 'no good run since going live';
          return {
            importId: l.importId,
            environment: l.environment,
            cron: l.cron,
            lastSuccessAt: l.lastSuccessAt?.toISOString() ?? null,
            summary: `Schedule missed on "${l.name}": ${since}; schedule "${l.cron}" allows ${allowedMin} min between good runs`,
          };
        });
      return { checked: lags.length, overdue };
    },
  };
}
