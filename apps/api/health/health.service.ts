import { Inject, Injectable } from '@nestjs/common';
import { type Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type postgres from 'postgres';
import { ping } from '../../../db/queries/sql';
import type { ServiceConfig } from '../../../platform/config';
import { CONFIG, SQL, TEMPORAL_CLIENT } from '../common/tokens';

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  /** The dependencies whose check failed, by name (empty when ready): what a 503 is about, first thing read. */
  failing: ('postgres' | 'temporal' | 'worker')[];
  checks: { postgres: Check; temporal: Check; worker: Check };
}

/**
 * Longest one dependency check may take, in ms. Checks run side by side, so /ready answers within about this long
 * even when a dependency hangs (Postgres frozen, Temporal accepting connections but never answering): a probe
 * that waits longer than its caller is killed for it instead of being told which dependency failed.
 */
export const CHECK_TIMEOUT_MS = 1_500;

/** A poller seen within this window counts as a live worker (workers poll continuously, ~60 s long-polls). */
const POLLER_FRESH_MS = 90_000;
// @temporalio/proto is CommonJS: its namespaces come through the default export under ESM.
const { TaskQueueType } = proto.temporal.api.enums.v1;

@Injectable()
export class HealthService {
  /**
   * The Postgres probe still waiting, if any: a frozen server never answers, and each /ready starting another
   * query would pin one more pooled connection. Later checks wait on the same probe (with their own timeout).
   */
  private postgresProbe: { query: Promise<unknown>; since: number } | null = null;

  constructor(
    @Inject(SQL) private readonly sql: postgres.Sql,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Per check, in ms (a test may shorten it). */
  timeoutMs = CHECK_TIMEOUT_MS;

  async readiness(): Promise<Readiness> {
    const [pg, tp, worker] = await Promise.all([this.checkPostgres(), this.checkTemporal(), this.checkWorker()]);
    const checks = { postgres: pg, temporal: tp, worker };
    const failing = (['postgres', 'temporal', 'worker'] as const).filter((name) => !checks[name].ok);
    return { status: failing.length === 0 ? 'ok' : 'unavailable', failing, checks };
  }

  private async checkPostgres(): Promise<Check> {
    return guard('Postgres', this.timeoutMs, async () => {
      if (this.postgresProbe === null) {
        const probe = { query: ping(this.sql), since: Date.now() };
        this.postgresProbe = probe;
        void probe.query.catch(() => undefined).finally(() => {
          if (this.postgresProbe === probe) this.postgresProbe = null;
        });
      }
      await this.postgresProbe.query;
      return { ok: true, detail: 'connected' };
    });
  }

  private async checkTemporal(): Promise<Check> {
    return guard('Temporal', this.timeoutMs, async () => {
      const info = await this.withDeadline(() => this.client.workflowService.getSystemInfo({}));
      return { ok: true, detail: `server ${info.serverVersion || 'dev'} at ${this.config.temporalAddress}` };
    });
  }

  /** A gRPC deadline on the call itself, so a hung server's call ends rather than lingering past our timeout. */
  private withDeadline<T>(call: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + this.timeoutMs, call);
  }

  /** Both workflow and activity pollers must be present on the task queue: one kind alone cannot finish a run. */
  private async checkWorker(): Promise<Check> {
    return guard('Temporal (task queue pollers)', this.timeoutMs, async () => {
      const fresh = async (type: proto.temporal.api.enums.v1.TaskQueueType) => {
        const response = await this.withDeadline(() =>
          this.client.workflowService.describeTaskQueue({
            namespace: this.config.temporalNamespace,
            taskQueue: { name: this.config.taskQueue },
            taskQueueType: type,
          }),
        );
        const now = Date.now();
        return (response.pollers ?? []).filter((p) => {
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return now - seconds * 1000 < POLLER_FRESH_MS;
        }).length;
      };
      const [workflows, activities] = await Promise.all([
        fresh(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
        fresh(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
      ]);
      const ok = workflows > 0 && activities > 0;
      return {
        ok,
        detail: ok
          ? `${workflows} workflow and ${activities} activity poller(s) on "${this.config.taskQueue}"`
          : `no worker polls task queue "${this.config.taskQueue}" (workflow pollers: ${workflows}, activity pollers: ${activities})`,
      };
    });
  }
}

/** A check's answer, or its failure, or "no answer within `timeoutMs`": never a wait longer than that. */
async function guard(dependency: string, timeoutMs: number, check: () => Promise<Check>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `${dependency} did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
