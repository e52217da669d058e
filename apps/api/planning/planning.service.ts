import { Inject, Injectable } from '@nestjs/common';
import { LIFECYCLE_STAGES } from '../../../contracts';
import { ApiError } from '../common/api-error';
import type { BoardQuery } from './planning.dto';
import { PlanningRepository, type BoardRow } from './planning.repository';
import { rankDevelopers } from './ranking';

@Injectable()
export class PlanningService {
  constructor(@Inject(PlanningRepository) private readonly repository: PlanningRepository) {}

  async workload() {
    const loads = await this.repository.developerLoads();
    return loads.map((d) => ({ ...d, freeDays: d.weeklyCapacityDays - d.openDays, load: d.weeklyCapacityDays > 0 ? Math.round((d.openDays / d.weeklyCapacityDays) * 100) / 100 : null }));
  }

  async suggestions(importId: string) {
    const needed = await this.repository.neededSkills(importId);
    if (!needed) throw new ApiError(404, 'import_not_found', `No import with id ${importId}`);
    return { importId, neededSkills: needed, suggestions: rankDevelopers(needed, await this.repository.developerLoads()) };
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
