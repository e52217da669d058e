import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Database } from '../../../db/client';
import { latestDigestOf, listDigests } from '../../../db/queries/digest';
import { CurrentCaller, type Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { DATABASE } from '../common/tokens';
import { ZodPipe } from '../common/zod.pipe';

const listDigestsSchema = z.strictObject({
  member: z.string().trim().min(1).max(100).optional(),
  day: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** `nextCursor` of the previous page. */
  cursor: z.coerce.number().int().positive().optional(),
});
type ListDigests = z.infer<typeof listDigestsSchema>;

/** The account managers' daily digests, written by the `dailyDigest` workflow (a Temporal Schedule). Reads only. */
@ApiTags('digests')
@ApiBearerAuth()
@Controller('digests')
export class DigestController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @ApiOperation({ summary: 'Daily digests, newest first; filter by member and day; paginated by cursor (`nextCursor`)' })
  @ApiQuery({ name: 'member', required: false, example: 'am.claire' })
  @ApiQuery({ name: 'day', required: false, example: '2026-11-30' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'integer' } })
  async list(@Query(new ZodPipe(listDigestsSchema, 'query')) query: ListDigests) {
    const items = await listDigests(this.db, { member: query.member, day: query.day, before: query.cursor, limit: query.limit });
    return { items, limit: query.limit, nextCursor: items.length === query.limit ? (items.at(-1)?.id ?? null) : null };
  }

  @Get('latest')
  @ApiOperation({ summary: "The caller's latest digest" })
  async latest(@CurrentCaller() caller: Caller) {
    const row = await latestDigestOf(this.db, caller.handle);
    if (!row) throw new ApiError(404, 'digest_not_found', `No digest for ${caller.handle} yet: digests are written each weekday morning for account managers`);
    return row;
  }
}
