import { FeedController } from '../feed/feed.controller';
import { FeedService } from '../feed/feed.service';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

/** The job database read (jobs API, client feed), registered by app.module in one line each. */
export const JOBS_CONTROLLERS = [JobsController, FeedController];
export const JOBS_PROVIDERS = [JobsService, FeedService];
