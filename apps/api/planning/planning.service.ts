import { Inject, Injectable } from '@nestjs/common';
import { LIFECYCLE_STAGES } from '../../../contracts';
import { awayOn, today } from '../../../db/queries/absences';
import type postgres from 'postgres';
import type { Database } from '../../../db/client';
import { board, developerLoads, neededSkills, type BoardRow } from '../../../db/queries/planning';
import { ApiError } from '../common/api-error';
import { DATABASE, SQL } from '../common/tokens';
import type { BoardQuery } from './planning.dto';
import { rankDevelopers } from './ranking';

@Injectable()
export class PlanningService {
  constructor(
    @Inject(SQL) private readonly sql: postgres.Sql,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async workload() {
    const loads = await developerLoads(this.sql);
    return loads.map((d) => ({ ...d, freeDays: d.weeklyCapacityDays - d.openDays, load: d.weeklyCapacityDays > 0 ? Math.round((d.openDays / d.weeklyCapacityDays) * 100) / 100 : null }));
  }

  /** Developers away on `on` (default today) are left out, and listed as such: the work would wait for them. */
  async suggestions(importId: string, on: string = today(), exclude: readonly string[] = []) {
    const needed = await neededSkills(this.sql, importId);
    if (!needed) throw new ApiError(404, 'import_not_found', `No import with id ${importId}`);
    const [loads, away] = await Promise.all([developerLoads(this.sql), awayOn(this.db, on)]);
    const present = loads.filter((d) => !away.has(d.handle) && !exclude.includes(d.handle));
    const skipped = loads.filter((d) => away.has(d.handle)).map((d) => ({ handle: d.handle, from: away.get(d.handle)!.startsOn, to: away.get(d.handle)!.endsOn, reason: `away from ${away.get(d.handle)!.startsOn} to ${away.get(d.handle)!.endsOn}` }));
    return { importId, on, neededSkills: needed, suggestions: rankDevelopers(needed, present), away: skipped };
  }

  async board(query: BoardQuery) {
    const stages = query.stages ?? LIFECYCLE_STAGES.filter((s) => s !== 'cancelled');
    const rows = await board(this.sql, stages, query.limit);
    const byStage = new Map<string, BoardRow[]>(stages.map((s) => [s, []]));
    for (const row of rows) byStage.get(row.stage)?.push(row);
    // Columns in lifecycle order, whatever order they were asked in.
    const columns = LIFECYCLE_STAGES.filter((s) => byStage.has(s)).map((stage) => ({ stage, imports: byStage.get(stage)! }));
    return { columns, total: rows.length, limit: query.limit, truncated: rows.length === query.limit };
  }
}
