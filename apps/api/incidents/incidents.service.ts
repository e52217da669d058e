import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { acknowledgeIncidentUpdate, resolveIncidentUpdate } from '../../../contracts';
import { temporalUiWorkflowUrl, type ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { workflowErrorToApi } from '../common/workflow-errors';
import { ImportsService } from '../imports/imports.service';
import type { IncidentDecisionBody, ListIncidents, MuteBody } from './incidents.dto';
import { IncidentsRepository, type IncidentRow } from './incidents.repository';

/**
 * Incidents as the health workflows keep them. Reads come from the table; acknowledging and resolving are updates
 * of the import's health workflow, so its state stays the truth and the table follows it.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @Inject(IncidentsRepository) private readonly repository: IncidentsRepository,
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async list(query: ListIncidents) {
    const { items, total } = await this.repository.list(query);
    return { items: items.map((r) => this.view(r.incident, r.importName, r.client, false)), total, limit: query.limit, offset: query.offset };
  }

  async get(id: number) {
    const row = await this.repository.get(id);
    if (!row) throw new ApiError(404, 'incident_not_found', `No incident with id ${id}`);
    const [events, notifications] = await Promise.all([this.repository.events(id), this.repository.notifications(id)]);
    return { ...this.view(row.incident, row.importName, row.client, true), events, notifications };
  }

  acknowledge(id: number, body: IncidentDecisionBody) {
    return this.decide(id, 'acknowledge', body);
  }

  resolve(id: number, body: IncidentDecisionBody) {
    return this.decide(id, 'resolve', body);
  }

  /** Silences the import's notifications until `until` (later than now). */
  async mute(importId: string, body: MuteBody) {
    await this.imports.get(importId);
    if (Date.parse(body.until) <= Date.now()) throw new ApiError(422, 'invalid_mute', `until: ${body.until} is in the past`);
    const row = await this.repository.mute(importId, body);
    return { importId, until: row.until, by: row.by, reason: row.reason };
  }

  private async decide(id: number, type: 'acknowledge' | 'resolve', body: IncidentDecisionBody) {
    const row = await this.repository.get(id);
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

  private view(incident: IncidentRow, importName: string, client: string, withContext: boolean) {
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
