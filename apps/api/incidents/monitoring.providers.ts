import { DashboardController } from '../dashboard/dashboard.controller';
import { DashboardRepository } from '../dashboard/dashboard.repository';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';
import { MetricsController } from '../metrics/metrics.controller';
import { MetricsService } from '../metrics/metrics.service';

/** Incidents, metrics and the ops dashboard, registered by app.module in one line each. */
export const MONITORING_CONTROLLERS = [IncidentsController, MetricsController, DashboardController];
export const MONITORING_PROVIDERS = [IncidentsService, MetricsService, DashboardRepository];
