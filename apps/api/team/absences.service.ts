import { Inject, Injectable } from '@nestjs/common';
import { absencesOf, absentOn, deleteAbsence, insertAbsence, overlappingAbsence, today, type AbsenceRow } from '../../../db/queries/absences';
import type postgres from 'postgres';
import type { Database } from '../../../db/client';
import { openImportsOf, pendingReviewsOf } from '../../../db/queries/hand-over';
import { dossierPath } from '../../../contracts';
import type { Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { DATABASE, SQL } from '../common/tokens';
import { PlanningService } from '../planning/planning.service';
import type { CreateAbsence } from './absences.dto';
import { TeamService } from './team.service';

/** Stages where `assign` still hands an import over; after them, `reassign` does (both lead decisions). */
const ASSIGN_STAGES = ['planned', 'assigned'];

/**
 * Absences and the hand-over: a member (or the lead) marks them away; the lead reads one list of what they leave
 * open, each import with who could take it and the decision that hands it over.
 */
@Injectable()
export class AbsencesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TeamService) private readonly team: TeamService,
    @Inject(SQL) private readonly sql: postgres.Sql,
    @Inject(PlanningService) private readonly planning: PlanningService,
  ) {}

  /** Current and coming absences (ended ones are history). */
  async list(handle: string) {
    await this.team.get(handle);
    return { member: handle, today: today(), items: (await absencesOf(this.db, handle, today())).map(view) };
  }

  async create(handle: string, body: CreateAbsence, caller: Caller) {
    const member = await this.team.get(handle);
    if (member.deactivatedAt) throw new ApiError(409, 'member_deactivated', `Member "${handle}" is deactivated`);
    const overlap = await overlappingAbsence(this.db, handle, body.from, body.to);
    if (overlap) {
      throw new ApiError(409, 'absence_overlaps', `${handle} is already away from ${overlap.startsOn} to ${overlap.endsOn} (absence ${overlap.id}): change that one (delete it and enter the whole period) instead`, { absence: view(overlap) });
    }
    return view(await insertAbsence(this.db, { member: handle, startsOn: body.from, endsOn: body.to, reason: body.reason ?? null, createdBy: caller.handle }));
  }

  async remove(handle: string, id: number) {
    const row = await deleteAbsence(this.db, handle, id);
    if (!row) throw new ApiError(404, 'absence_not_found', `Member "${handle}" has no absence ${id}`);
    return view(row);
  }

  /**
   * One list for the lead: the member's open imports (each with the developer suggested to take it over — not
   * away, not them — and the decision that does it) and the reviews they started. The dossier is what the next
   * developer reads first.
   */
  async handOver(handle: string) {
    await this.team.get(handle);
    const day = today();
    const [away, imports, reviews] = await Promise.all([absentOn(this.db, handle, day), openImportsOf(this.sql, handle), pendingReviewsOf(this.sql, handle)]);
    const items = await Promise.all(
      imports.map(async (i) => {
        const { suggestions } = await this.planning.suggestions(i.id, day, [handle]);
        const top = suggestions[0];
        const path = ASSIGN_STAGES.includes(i.stage) ? `/imports/${i.id}/assign` : `/imports/${i.id}/reassign`;
        return {
          ...i,
          dossier: { link: dossierPath(i.id), version: i.dossierVersion },
          suggested: top ? { handle: top.handle, reason: top.reason } : null,
          handOver: { method: 'POST', path, body: ASSIGN_STAGES.includes(i.stage) ? { assignee: top?.handle ?? '<developer>' } : { assignee: top?.handle ?? '<developer>', reason: away ? `${handle} away until ${away.endsOn}` : `taken over from ${handle}` } },
        };
      }),
    );
    return {
      member: handle,
      away: away ? view(away) : null,
      imports: items.map(({ dossierVersion: _v, ...rest }) => rest),
      // Nobody is assigned a review: any developer but the author picks the sheet up; the answers given stay.
      reviews: reviews.map((r) => ({ ...r, sheet: `/imports/${r.importId}/review-sheet` })),
    };
  }
}

function view(row: AbsenceRow) {
  return { id: row.id, member: row.member, from: row.startsOn, to: row.endsOn, reason: row.reason, createdBy: row.createdBy, createdAt: row.createdAt };
}
