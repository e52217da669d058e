import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

/** The job database read (jobs API, client feed), registered by app.module in one line each. */
export const JOBS_CONTROLLERS = [JobsController];
export const JOBS_PROVIDERS = [JobsRepository, JobsService];
