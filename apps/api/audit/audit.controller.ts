import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodPipe } from '../common/zod.pipe';
import { listAuditSchema, type ListAudit } from './audit.dto';
import { AuditRepository } from './audit.repository';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log: every decision and operation taken through the API (who, what, when, from and to stage, comment, answer), newest first',
    description: 'Paginated by cursor: pass the `nextCursor` of a page as `cursor` to get the next one (null on the last page).',
  })
  @ApiQuery({ name: 'importId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'actor', required: false, example: 'ops.marc' })
  @ApiQuery({ name: 'action', required: false, example: 'POST /imports/:id/deploy-production' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'integer' } })
  async list(@Query(new ZodPipe(listAuditSchema, 'query')) query: ListAudit) {
    const items = await this.audit.list(query);
    return { items, limit: query.limit, nextCursor: items.length === query.limit ? (items.at(-1)?.id ?? null) : null };
  }
}
