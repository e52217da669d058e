import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { Database } from '../../db/client';
import type { ServiceConfig } from '../../platform/config';
import { type Logger, nestLogger, requestLogging } from '../../platform/logger';
import { ACCESS_CONTROLLERS, ACCESS_PROVIDERS } from './auth/access.providers';
import { describeAccess, withBearerAuth } from './auth/openapi';
import { useBodyParsers } from './common/body-guard';
import { JsonErrorFilter } from './common/error.filter';
import { RedactResponses, StoredSecretsWatcher } from './common/redact.interceptor';
import { CONFIG, DATABASE, SQL, TEMPORAL_CLIENT } from './common/tokens';
import { ConsoleController } from './console/console.controller';
import { ConsoleRepository } from './console/console.repository';
import { OperationsController } from './console/operations.controller';
import { ConsoleService } from './console/console.service';
import { DossierController } from './dossier/dossier.controller';
import { DossierRepository } from './dossier/dossier.repository';
import { DossierService } from './dossier/dossier.service';
import { ReviewSheetController } from './review/review-sheet.controller';
import { ReviewSheetService } from './review/review-sheet.service';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { JOBS_CONTROLLERS, JOBS_PROVIDERS } from './jobs/jobs.providers';
import { MONITORING_CONTROLLERS, MONITORING_PROVIDERS } from './incidents/monitoring.providers';
import { LifecycleController } from './lifecycle/lifecycle.controller';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { PreviewController } from './preview/preview.controller';
import { PreviewService } from './preview/preview.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { SchedulesController } from './schedules/schedules.controller';
import { SchedulesService } from './schedules/schedules.service';

export interface ApiDeps {
  config: ServiceConfig;
  db: Database;
  sql: postgres.Sql;
  temporal: Client;
}

@Module({})
class AppModule {
  static forRoot(deps: ApiDeps): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, ImportsController, LifecycleController, DossierController, ReviewSheetController, PreviewController, RunsController, SchedulesController, ...ACCESS_CONTROLLERS, ...MONITORING_CONTROLLERS, ...JOBS_CONTROLLERS, ConsoleController, OperationsController],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: DATABASE, useValue: deps.db },
        { provide: SQL, useValue: deps.sql },
        { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
        StoredSecretsWatcher,
        HealthService,
        ImportsService,
        DossierRepository,
        DossierService,
        ReviewSheetService,
        LifecycleService,
        PreviewService,
        RunsService,
        SchedulesService,
        ...ACCESS_PROVIDERS,
        ...MONITORING_PROVIDERS,
        ...JOBS_PROVIDERS,
        ConsoleRepository,
        ConsoleService,
      ],
    };
  }
}

/** Builds the API (not listening yet): used by apps/api/main.ts and by the end-to-end tests. */
/** `logger`: false for none, a pino logger for JSON lines (Nest's messages and one line per request), else Nest's console. */
export async function createApi(deps: ApiDeps, options: { logger?: false | Logger } = {}) {
  const app = await NestFactory.create(AppModule.forRoot(deps), {
    logger: options.logger === false ? false : options.logger ? nestLogger(options.logger) : ['error', 'warn'],
    // Ours instead (common/body-guard.ts): the same parsers, refusing bodies that are not UTF-8 or of another type.
    bodyParser: false,
  });
  if (options.logger) app.use(requestLogging(options.logger));
  useBodyParsers(app);
  app.useGlobalFilters(new JsonErrorFilter());
  app.useGlobalInterceptors(new RedactResponses());
  const document = SwaggerModule.createDocument(
    app,
    withBearerAuth(new DocumentBuilder())
      .setTitle('Liaison API')
      .setDescription('Job imports, end to end: lifecycle decisions, runs and incidents. Every decision is a Temporal workflow update.')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, describeAccess(document), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
