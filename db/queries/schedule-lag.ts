import type postgres from 'postgres';
import type { EnvironmentName } from '../../contracts';
import { catalogue } from '../../importers/catalogue';
import { cronIntervalMs } from '../../platform/cron';
import { effectiveCron, FALLBACK_CRON } from '../../platform/schedule';

// The schedule-lag read model: read by the worker's watchdog and by the API's metrics, so it lives with the
// database layer rather than in either process's code.

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

/**
 * How late each live import is on its production schedule, from Postgres alone: the last applied production run
 * against the schedule's interval. A paused schedule, a stuck worker or a schedule deleted by hand all look the
 * same from here — no good run — which is the point: it watches the outcome, not the machinery. Shared by the
 * watchdog (activities/incidents/watchdog.ts) and the `liaison_schedule_lag_seconds` metric.
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
    const cron = effectiveCron({ importId: row.id, schedule: row.schedule, defaultSchedule: catalogue.get(row.importer_key)?.defaultSchedule });
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
