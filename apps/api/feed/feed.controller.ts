import { Body, Controller, Delete, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { actorOf, CurrentCaller, type Caller } from '../auth/member';
import { ownAddress } from '../common/own-address';
import { ZodPipe } from '../common/zod.pipe';
import { openApi } from '../imports/imports.dto';
import { changesQuerySchema, clientIdSchema, createFeedTokenSchema, feedTokenIdSchema, MAX_CHANGES_PAGE, type ChangesQuery, type CreateFeedToken } from './feed.dto';
import { FeedService, type FeedDocument } from './feed.service';

const clientPipe = new ZodPipe(clientIdSchema, 'path');

/**
 * Whether the consumer's copy is current: If-None-Match when sent (weak comparison, RFC 9110 §13.1.2), else
 * If-Modified-Since against Last-Modified, at HTTP dates' one-second resolution.
 */
function notModified(req: Request, doc: FeedDocument): boolean {
  const tags = req.headers['if-none-match'];
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  if (tags !== undefined) return tags.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(doc.etag));
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return doc.lastModified !== null && !Number.isNaN(since) && Math.floor(doc.lastModified.getTime() / 1000) * 1000 <= since;
}

/** A feed document, or 304 when the consumer has it: with its validators either way. */
function send(req: Request, res: Response, doc: FeedDocument): void {
  res.set({ etag: doc.etag, 'cache-control': 'no-cache', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
  if (doc.lastModified) res.set('last-modified', doc.lastModified.toUTCString());
  if (notModified(req, doc)) {
    res.status(304).end();
    return;
  }
  res.status(200).type(doc.contentType).send(doc.body);
}

@ApiTags('client feed')
@Controller()
export class FeedController {
  constructor(@Inject(FeedService) private readonly feed: FeedService) {}

  @Post('clients/:clientId/feed-tokens')
  @ApiOperation({ summary: "A feed token for the client's job pages: the feed's URLs carry it (shown once: only its hash is stored)" })
  @ApiParam({ name: 'clientId', format: 'uuid', description: "An import's `clientId`" })
  @ApiBody({ schema: openApi(createFeedTokenSchema), examples: { site: { value: { label: 'site carrières' } } } })
  @ApiResponse({ status: 201, description: '`{ id, clientId, label, createdBy, createdAt, revokedAt, token, paths: { json, xml, changes }, urls }`' })
  @ApiResponse({ status: 404, description: 'No such client' })
  create(@Param('clientId', clientPipe) clientId: string, @Body(new ZodPipe(createFeedTokenSchema)) body: CreateFeedToken, @CurrentCaller() caller: Caller, @Req() req: Request) {
    return this.feed.createToken(clientId, body, actorOf(caller, body.by), ownAddress(req));
  }

  @Get('clients/:clientId/feed-tokens')
  @ApiOperation({ summary: "The client's feed tokens, revoked ones included (never the token itself)" })
  @ApiParam({ name: 'clientId', format: 'uuid' })
  list(@Param('clientId', clientPipe) clientId: string) {
    return this.feed.tokens(clientId);
  }

  @Delete('clients/:clientId/feed-tokens/:tokenId')
  @ApiOperation({ summary: 'Revoke a feed token: its URLs answer 401 from now on' })
  @ApiParam({ name: 'clientId', format: 'uuid' })
  @ApiParam({ name: 'tokenId', format: 'uuid' })
  @ApiResponse({ status: 404, description: 'The client has no such token' })
  revoke(@Param('clientId', clientPipe) clientId: string, @Param('tokenId', new ZodPipe(feedTokenIdSchema, 'path')) tokenId: string, @CurrentCaller() caller: Caller) {
    return this.feed.revoke(clientId, tokenId, caller.handle);
  }

  @Get('feeds/:token/jobs.json')
  @ApiOperation({ summary: "The client's open production jobs (all its imports), JSON, with the `changesCursor` to sync from" })
  @ApiParam({ name: 'token', description: 'A feed token (POST /clients/{clientId}/feed-tokens)' })
  @ApiResponse({ status: 200, description: '`{ client, lastModified, changesCursor, jobs: [...] }` (jobs as GET /jobs/{id}, without changes); ETag and Last-Modified' })
  @ApiResponse({ status: 304, description: 'If-None-Match or If-Modified-Since matched' })
  @ApiResponse({ status: 401, description: 'Revoked token' })
  @ApiResponse({ status: 404, description: 'Unknown token' })
  async json(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    send(req, res, await this.feed.json(token));
  }

  @Get('feeds/:token/jobs.xml')
  @ApiOperation({ summary: "The same jobs as an Indeed-style XML feed (<source><job>…); every location under <locations>, the first also in <city>…" })
  @ApiParam({ name: 'token' })
  @ApiProduces('application/xml')
  @ApiResponse({ status: 304, description: 'If-None-Match or If-Modified-Since matched' })
  @ApiResponse({ status: 401, description: 'Revoked token' })
  @ApiResponse({ status: 404, description: 'Unknown token' })
  async xml(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    send(req, res, await this.feed.xml(token));
  }

  @Get('feeds/:token/changes')
  @ApiOperation({ summary: 'The jobs created, updated (or reopened) and closed since a cursor, oldest change first; follow `nextCursor`' })
  @ApiParam({ name: 'token' })
  @ApiQuery({ name: 'since', required: true, description: '`changesCursor` of jobs.json, then each answer’s `nextCursor`' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_CHANGES_PAGE, default: 500 } })
  @ApiResponse({ status: 200, description: '`{ changes: [{ change: created|updated|closed, job }], nextCursor, hasMore }`: a job may come twice; upsert by `job.id`' })
  async changes(@Param('token') token: string, @Query(new ZodPipe(changesQuerySchema, 'query')) query: ChangesQuery, @Res({ passthrough: true }) res: Response) {
    const answer = await this.feed.changes(token, query);
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    return answer;
  }
}
