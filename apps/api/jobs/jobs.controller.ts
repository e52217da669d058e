import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { EnvironmentName } from '../../../contracts';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema } from '../imports/imports.dto';
import { environmentSchema } from '../runs/runs.dto';
import { jobIdSchema, listJobsSchema, MAX_JOBS_PAGE, type ListJobs } from './jobs.dto';
import { JobsService } from './jobs.service';

const idPipe = new ZodPipe(importIdSchema, 'path');
const envPipe = new ZodPipe(environmentSchema, 'path');

@ApiTags('jobs')
@Controller()
export class JobsController {
  constructor(@Inject(JobsService) private readonly jobs: JobsService) {}

  @Get('imports/:id/environments/:env/jobs')
  @ApiOperation({ summary: "The import's jobs in one environment, by id, a page at a time (follow `nextCursor`)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'env', enum: ['staging', 'production'] })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'closed'] })
  @ApiQuery({ name: 'changedSince', required: false, description: 'ISO 8601 date-time: jobs created, updated, closed or reopened since' })
  @ApiQuery({ name: 'q', required: false, description: 'Text searched in the title and the description (case-insensitive)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_JOBS_PAGE, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` of the previous page' })
  @ApiResponse({ status: 200, description: '`{ items: [{ id, externalId, status, title, description, locations[], contractType, workingTime, contractLabel, department, salary, salaryLabel, applyUrl, postedAt, sourceUpdatedAt, createdAt, updatedAt, closedAt }], nextCursor }`' })
  @ApiResponse({ status: 404, description: 'No such import' })
  list(@Param('id', idPipe) id: string, @Param('env', envPipe) env: EnvironmentName, @Query(new ZodPipe(listJobsSchema, 'query')) query: ListJobs) {
    return this.jobs.list(id, env, query);
  }

  @Get('jobs/:id')
  @ApiOperation({ summary: 'One job, with its change log (newest first: the run, the operation, the fields an update changed)' })
  @ApiParam({ name: 'id', schema: { type: 'integer' } })
  @ApiResponse({ status: 404, description: 'No such job' })
  get(@Param('id', new ZodPipe(jobIdSchema, 'path')) id: number) {
    return this.jobs.get(id);
  }
}
