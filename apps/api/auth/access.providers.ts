import { AbsencesController } from '../team/absences.controller';
import { AbsencesService } from '../team/absences.service';
import type { Provider, Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from '../audit/audit.controller';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { AuditRepository } from '../audit/audit.repository';
import { DigestController } from '../digest/digest.controller';
import { PlanningController } from '../planning/planning.controller';
import { PlanningService } from '../planning/planning.service';
import { QuestionsController } from '../questions/questions.controller';
import { QuestionsService } from '../questions/questions.service';
import { TeamController } from '../team/team.controller';
import { TeamRepository } from '../team/team.repository';
import { TeamService } from '../team/team.service';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { LoginController } from './login.controller';

/** Controllers and providers of access control and team planning, wired into AppModule in one line each. */
export const ACCESS_CONTROLLERS: Type[] = [TeamController, AbsencesController, LoginController, AuditController, PlanningController, QuestionsController, DigestController];

export const ACCESS_PROVIDERS: Provider[] = [AuthRepository, { provide: APP_GUARD, useClass: AuthGuard }, TeamRepository, TeamService, AbsencesService, AuditRepository, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }, PlanningService, QuestionsService];
