import { dossierBrief, failedChecksOf, type DossierBrief } from '../../../db/dossier-brief';
import { Inject, Injectable } from '@nestjs/common';
import type postgres from 'postgres';
import type { IncidentContextView } from '../../../contracts';
import {
  importOverviews,
  incidentEventsOf,
  incidentRow,
  openIncidentOverviews,
  parseJson,
  type IncidentEvent,
  type IncidentRow,
} from '../../../db/queries/dashboard';
import { SQL } from '../common/tokens';

export type { ImportOverview, IncidentOverview } from '../../../db/queries/dashboard';

export interface IncidentDetail extends Omit<IncidentRow, 'context'> {
  context: IncidentContextView;
  events: IncidentEvent[];
  dossier: DossierBrief;
}

/** The dashboard's reads (db/queries/dashboard.ts); an incident comes with its dossier brief, read now. */
@Injectable()
export class DashboardRepository {
  constructor(@Inject(SQL) private readonly sql: postgres.Sql) {}

  imports = () => importOverviews(this.sql);
  openIncidents = () => openIncidentOverviews(this.sql);

  async incident(id: number): Promise<IncidentDetail | null> {
    const row = await incidentRow(this.sql, id);
    if (!row) return null;
    const events = await incidentEventsOf(this.sql, id);
    const context = parseJson<IncidentContextView>(row.context);
    // Read now, as the incident API does: the dossier may have been completed since the incident opened.
    const dossier = await dossierBrief(this.sql, { importId: row.importId, kind: row.kind, failedChecks: failedChecksOf(context), excludeIncidentId: id });
    return { ...row, context, events, dossier };
  }
}
