import { Inject, Injectable } from '@nestjs/common';
import { LIFECYCLE_STAGES } from '../../../contracts';
import { awayOn, today } from '../../../db/absences';
import type { Database } from '../../../db/client';
import { ApiError } from '../common/api-error';
import { DATABASE } from '../common/tokens';
import type { BoardQuery } from './planning.dto';
import { PlanningRepository, type BoardRow } from './planning.repository';
import { rankDevelopers } from './ranking';

@Injectable()
export class PlanningService {
  constructor(
    @Inject(PlanningRepository) private readonly repository: PlanningRepository,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async workload() {
    const loads = await this.repository.developerLoads();
    return loads.map((d) => ({ ...d, freeDays: d.weeklyCapacityDays - d.openDays, load: d.weeklyCapacityDays > 0 ? Math.round((d.openDays / d.weeklyCapacityDays) * 100) / 100 : null }));
  }

  /** Developers away on `on` (default today) are left out, and listed as such: the work would wait for them. */
  async suggestions(importId: string, on: string = today(), exclude: readonly string[] = []) {
    const needed = await this.repository.neededSkills(importId);
    if (!needed) throw new ApiError(404, 'import_not_found', `No import with id ${importId}`);
    const [loads, away] = await Promise.all([this.repository.developerLoads(), awayOn(this.db, on)]);
    const present = loads.filter((d) => !away.has(d.handle) && !exclude.includes(d.handle));
    const skipped = loads.filter((d) => away.has(d.handle)).map((d) => ({ handle: d.handle, from: away.get(d.handle)!.startsOn, to: away.get(d.handle)!.endsOn, reason: `away from ${away.get(d.handle)!.startsOn} to ${away.get(d.handle)!.endsOn}` }));
    return { importId, on, neededSkills: needed, suggestions: rankDevelopers(needed, present), away: skipped };
  }

  async board(query: BoardQuery) {
    const stages = query.stages ?? LIFECYCLE_STAGES.filter((s) => s !== 'cancelled');
    const rows = await this.repository.board(stages, query.limit);
    const byStage = new Map<string, BoardRow[]>(stages.map((s) => [s, []]));
    for (const row of rows) byStage.get(row.stage)?.push(row);
    // Columns in lifecycle order, whatever order they were asked in.
    const columns = LIFECYCLE_STAGES.filter((s) => byStage.has(s)).map((stage) => ({ stage, imports: byStage.get(stage)! }));
    return { columns, total: rows.length, limit: query.limit, truncated: rows.length === query.limit };
  }
}
