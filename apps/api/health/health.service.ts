import { Inject, Injectable } from '@nestjs/common';
import { type Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type postgres from 'postgres';
import type { ServiceConfig } from '../../../platform/config';
import { CONFIG, SQL, TEMPORAL_CLIENT } from '../common/tokens';

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: { postgres: Check; temporal: Check; worker: Check };
}

/** A poller seen within this window counts as a live worker (workers poll continuously, ~60 s long-polls). */
const POLLER_FRESH_MS = 90_000;
// @temporalio/proto is CommonJS: its namespaces come through the default export under ESM.
const { TaskQueueType } = proto.temporal.api.enums.v1;

@Injectable()
export class HealthService {
  constructor(
    @Inject(SQL) private readonly sql: postgres.Sql,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async readiness(): Promise<Readiness> {
    const [pg, tp, worker] = await Promise.all([this.checkPostgres(), this.checkTemporal(), this.checkWorker()]);
    const checks = { postgres: pg, temporal: tp, worker };
    return { status: pg.ok && tp.ok && worker.ok ? 'ok' : 'unavailable', checks };
  }

  private async checkPostgres(): Promise<Check> {
    return guard(async () => {
      await this.sql`select 1`;
      return { ok: true, detail: 'connected' };
    });
  }

  private async checkTemporal(): Promise<Check> {
    return guard(async () => {
      const info = await this.client.workflowService.getSystemInfo({});
      return { ok: true, detail: `server ${info.serverVersion || 'dev'} at ${this.config.temporalAddress}` };
    });
  }

  /** Both workflow and activity pollers must be present on the task queue: one kind alone cannot finish a run. */
  private async checkWorker(): Promise<Check> {
    return guard(async () => {
      const fresh = async (type: proto.temporal.api.enums.v1.TaskQueueType) => {
        const response = await this.client.workflowService.describeTaskQueue({
          namespace: this.config.temporalNamespace,
          taskQueue: { name: this.config.taskQueue },
          taskQueueType: type,
        });
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

async function guard(check: () => Promise<Check>): Promise<Check> {
  try {
    return await check();
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}
