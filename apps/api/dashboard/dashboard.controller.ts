import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { temporalUiWorkflowUrl, type ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { CONFIG } from '../common/tokens';
import { ZodPipe } from '../common/zod.pipe';
import { incidentIdSchema } from '../incidents/incidents.dto';
import { DashboardRepository } from './dashboard.repository';
import { incidentPage, overviewPage, type UiLinks } from './pages';

/**
 * The ops dashboard: server-rendered HTML, no script and no front-end build. Opened in a browser with the API key
 * cookie the login form sets (see apps/api/auth). Every string from the database is escaped (html.ts).
 */
/**
 * As the preview page's: the dashboard loads nothing and runs nothing (its only style is inline, its charts inline
 * SVG), so an escaping slip could not run a script or send data anywhere.
 */
export const DASHBOARD_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  private readonly ui: UiLinks;

  constructor(
    @Inject(DashboardRepository) private readonly repository: DashboardRepository,
    @Inject(CONFIG) config: ServiceConfig,
  ) {
    this.ui = { workflow: (workflowId) => temporalUiWorkflowUrl(config.temporalUiUrl, config.temporalNamespace, workflowId) };
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DASHBOARD_CSP)
  @Header('referrer-policy', 'same-origin')
  async overview(): Promise<string> {
    const [imports, incidents] = await Promise.all([this.repository.imports(), this.repository.openIncidents()]);
    return overviewPage(imports, incidents, this.ui);
  }

  @Get('incidents/:id')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DASHBOARD_CSP)
  @Header('referrer-policy', 'same-origin')
  async incident(@Param('id', new ZodPipe(incidentIdSchema, 'path')) id: number): Promise<string> {
    const incident = await this.repository.incident(id);
    if (!incident) throw new ApiError(404, 'incident_not_found', `No incident with id ${id}`);
    return incidentPage(incident, this.ui);
  }
}
