import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import type postgres from 'postgres';
import type { Client } from '@temporalio/client';
import { acknowledgeIncidentUpdate, resolveIncidentUpdate } from '../../../contracts';
import { temporalUiWorkflowUrl, type ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { DATABASE, CONFIG, SQL, TEMPORAL_CLIENT } from '../common/tokens';
import { workflowErrorToApi } from '../common/workflow-errors';
import { ImportsService } from '../imports/imports.service';
import { dossierBrief, failedChecksOf } from '../../../db/dossier-brief';
import { DossierRepository } from '../dossier/dossier.repository';
import type { IncidentDecisionBody, ListIncidents, MuteBody, ResolveIncidentBody } from './incidents.dto';
import { eventsOfIncident, type Incident, incidentWithImport, listIncidents, muteImport, notificationsOfIncident } from '../../../db/queries/incidents';

/**
 * Incidents as the health workflows keep them. Reads come from the table; acknowledging and resolving are updates
 * of the import's health workflow, so its state stays the truth and the table follows it.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(SQL) private readonly sql: postgres.Sql,
    @Inject(DossierRepository) private readonly dossier: DossierRepository,
  ) {}

  async list(query: ListIncidents) {
    const { items, total } = await listIncidents(this.db, query);
    return { items: items.map((r) => this.view(r.incident, r.importName, r.client, false)), total, limit: query.limit, offset: query.offset };
  }

  async get(id: number) {
    const row = await incidentWithImport(this.db, id);
    if (!row) throw new ApiError(404, 'incident_not_found', `No incident with id ${id}`);
    const failedChecks = failedChecksOf(row.incident.context);
    const [events, notifications, dossier] = await Promise.all([
      eventsOfIncident(this.db, id),
      notificationsOfIncident(this.db, id),
      // Read now rather than from the stored context: the dossier may have been completed since it opened.
      dossierBrief(this.sql, { importId: row.incident.importId, kind: row.incident.kind, failedChecks, excludeIncidentId: id, apiUrl: this.config.publicApiUrl }),
    ]);
    return { ...this.view(row.incident, row.importName, row.client, true), dossier, events, notifications };
  }

  acknowledge(id: number, body: IncidentDecisionBody) {
    return this.decide(id, 'acknowledge', body);
  }

  /** By hand, with a cause and a fix: the next one answering an incident of this kind reads them (the dossier's incident log). */
  async resolve(id: number, body: ResolveIncidentBody & { by: string }) {
    const missing = (['cause', 'fix'] as const).filter((f) => !body[f]);
    if (missing.length > 0) {
      throw new ApiError(422, 'cause_and_fix_required', `Resolving incident ${id} by hand needs ${missing.join(' and ')}: one short line each, kept in the import's dossier for the next person`, {
        fields: missing.map((field) => ({ field, message: 'required to resolve by hand' })),
      });
    }
    // The log entry is written after the health workflow's update (a refused update must log nothing). Lost in
    // between, the same member sending the resolution again writes it instead of hearing "already resolved".
    const row = await incidentWithImport(this.db, id);
    if (row?.incident.status === 'resolved' && row.incident.resolvedBy === body.by && !(await this.dossier.hasIncident(id))) {
      await this.dossier.appendIncident({ incidentId: id, importId: row.incident.importId, kind: row.incident.kind, cause: body.cause!, fix: body.fix!, by: body.by });
      return this.get(id);
    }
    const resolved = await this.decide(id, 'resolve', { by: body.by, comment: body.comment ?? `${body.cause} → ${body.fix}` });
    await this.dossier.appendIncident({ incidentId: id, importId: resolved.importId, kind: resolved.kind, cause: body.cause!, fix: body.fix!, by: body.by });
    return resolved;
  }

  /** Silences the import's notifications until `until` (later than now). */
  async mute(importId: string, body: MuteBody) {
    await this.imports.get(importId);
    if (Date.parse(body.until) <= Date.now()) throw new ApiError(422, 'invalid_mute', `until: ${body.until} is in the past`);
    const row = await muteImport(this.db, importId, body);
    return { importId, until: row.until, by: row.by, reason: row.reason };
  }

  private async decide(id: number, type: 'acknowledge' | 'resolve', body: IncidentDecisionBody) {
    const row = await incidentWithImport(this.db, id);
    if (!row) throw new ApiError(404, 'incident_not_found', `No incident with id ${id}`);
    if (row.incident.status === 'resolved') throw new ApiError(409, 'wrong_state', `Incident ${id} is already resolved`);
    const update = type === 'acknowledge' ? acknowledgeIncidentUpdate : resolveIncidentUpdate;
    try {
      await this.client.workflow.getHandle(row.incident.workflowId).executeUpdate(update, { args: [{ incidentId: id, by: body.by, ...(body.comment ? { comment: body.comment } : {}) }] });
    } catch (err) {
      throw workflowErrorToApi(err, `The health workflow of incident ${id}`);
    }
    return this.get(id);
  }

  private view(incident: Incident, importName: string, client: string, withContext: boolean) {
    const { context, ...rest } = incident;
    return {
      ...rest,
      importName,
      client,
      ...(withContext ? { context } : {}),
      links: {
        healthWorkflow: temporalUiWorkflowUrl(this.config.temporalUiUrl, this.config.temporalNamespace, incident.workflowId),
        run: (context as { links?: { temporalUi?: string } }).links?.temporalUi ?? null,
      },
    };
  }
}
