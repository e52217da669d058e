import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq } from 'drizzle-orm';
import type { EnvironmentName } from '../../../contracts';
import type { Database } from '../../../db/client';
import { alerts, importConfigs, runs } from '../../../db/schema';
import { DATABASE } from '../common/tokens';
import type { ImportConfigBody } from './runs.dto';

export type RunRow = typeof runs.$inferSelect;
export type ImportConfigRow = typeof importConfigs.$inferSelect;

@Injectable()
export class RunsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async config(importId: string, environment: EnvironmentName): Promise<ImportConfigRow | null> {
    const [row] = await this.db
      .select()
      .from(importConfigs)
      .where(and(eq(importConfigs.importId, importId), eq(importConfigs.environment, environment)));
    return row ?? null;
  }

  async saveConfig(importId: string, environment: EnvironmentName, body: ImportConfigBody): Promise<ImportConfigRow> {
    const values = { importerKey: body.importerKey, config: body.config, checks: body.checks, fetchPolicy: body.fetchPolicy, schedule: body.schedule, updatedAt: new Date() };
    const [row] = await this.db
      .insert(importConfigs)
      .values({ importId, environment, ...values })
      .onConflictDoUpdate({ target: [importConfigs.importId, importConfigs.environment], set: values })
      .returning();
    return row!;
  }

  async run(id: string): Promise<RunRow | null> {
    const [row] = await this.db.select().from(runs).where(eq(runs.id, id));
    return row ?? null;
  }

  runs(importId: string, environment: EnvironmentName | undefined, limit: number, offset: number): Promise<RunRow[]> {
    const where = environment ? and(eq(runs.importId, importId), eq(runs.environment, environment)) : eq(runs.importId, importId);
    return this.db.select().from(runs).where(where).orderBy(desc(runs.startedAt)).limit(limit).offset(offset);
  }

  alerts(importId: string) {
    return this.db.select().from(alerts).where(eq(alerts.importId, importId)).orderBy(desc(alerts.createdAt)).limit(100);
  }
}
