import { Inject, Injectable } from '@nestjs/common';
import type postgres from 'postgres';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BLOCKER_KINDS, INCIDENT_KINDS } from '../../../contracts';
import { blockedImportsByKind, finishedRunDurations, JOB_CHANGES, jobChangeTotals, openIncidentsByKind, runsByStatus } from '../../../db/queries/metrics';
import { scheduleLags } from '../../../db/queries/schedule-lag';
import { SQL } from '../common/tokens';

/**
 * Prometheus metrics, computed from Postgres at scrape time (prom-client `collect` callbacks, db/queries/metrics.ts):
 * the figures are the database's, so they survive restarts and agree whichever API instance is scraped. Counters are
 * reset and re-filled at each scrape from totals that only grow (runs and their change counts are never deleted).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(@Inject(SQL) sql: postgres.Sql) {
    registerRunMetrics(this.registry, sql);
    registerBacklogMetrics(this.registry, sql);
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** What the runs did: their outcomes, durations and job changes. */
function registerRunMetrics(registry: Registry, db: postgres.Sql): void {
  new Counter({
    name: 'liaison_runs_total',
    help: 'Import runs by environment and outcome (status: applied, quarantined, discarded, failed, reverted, running…)',
    labelNames: ['environment', 'outcome'],
    registers: [registry],
    async collect() {
      const rows = await runsByStatus(db);
      this.reset();
      for (const r of rows) this.inc({ environment: r.environment, outcome: r.status }, r.n);
    },
  });

  new Histogram({
    name: 'liaison_run_duration_seconds',
    help: 'Duration of finished import runs, start to end (extraction, checks and apply), by environment',
    labelNames: ['environment'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    registers: [registry],
    async collect() {
      const rows = await finishedRunDurations(db);
      this.reset();
      for (const r of rows) this.observe({ environment: r.environment }, Math.max(0, r.seconds));
    },
  });

  new Counter({
    name: 'liaison_jobs_changes_total',
    help: 'Jobs created, updated, closed and reopened by applied runs, by environment',
    labelNames: ['environment', 'change'],
    registers: [registry],
    async collect() {
      const rows = await jobChangeTotals(db);
      this.reset();
      for (const r of rows) {
        for (const change of JOB_CHANGES) this.inc({ environment: r.environment, change }, r[change]);
      }
    },
  });
}

/** What waits on someone now: open incidents, blocked imports, late schedules. */
function registerBacklogMetrics(registry: Registry, db: postgres.Sql): void {
  new Gauge({
    name: 'liaison_open_incidents',
    help: 'Incidents not resolved yet (open or acknowledged), by kind',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const rows = await openIncidentsByKind(db);
      for (const kind of INCIDENT_KINDS) this.set({ kind }, rows.find((r) => r.kind === kind)?.n ?? 0);
    },
  });

  new Gauge({
    name: 'liaison_blocked_imports',
    help: 'Imports blocked now (an open block, cancelled imports left out), by kind of block',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const rows = await blockedImportsByKind(db);
      for (const kind of BLOCKER_KINDS) this.set({ kind }, rows.find((r) => r.kind === kind)?.n ?? 0);
    },
  });

  new Gauge({
    name: 'liaison_schedule_lag_seconds',
    help: "How far past its next expected good run each live import is (0 = on time), from its production schedule's interval",
    labelNames: ['import_id', 'environment'],
    registers: [registry],
    async collect() {
      const lags = await scheduleLags(db);
      this.reset();
      for (const l of lags) this.set({ import_id: l.importId, environment: l.environment }, Math.round(l.lagMs / 1000));
    },
  });
}
