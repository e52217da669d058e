import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import type { ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { DATABASE, CONFIG } from '../common/tokens';
import { jobJson, type JobJson } from '../jobs/job-json';
import { decodeCursor, encodeCursor } from './changes-cursor';
import { FEED_TOKEN_PATTERN, type ChangesQuery, type CreateFeedToken } from './feed.dto';
import { clientJobChanges, clientOpenJobs, feedClient, feedTokenByHash, feedTokensOf, insertFeedToken, revokeFeedToken, type FeedTokenRow } from '../../../db/queries/feed';
import { feedXml } from './feed.xml';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface FeedTokenJson {
  id: string;
  clientId: string;
  label: string | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** A rendered feed document and its validators. */
export interface FeedDocument {
  body: string;
  contentType: string;
  etag: string;
  lastModified: Date | null;
}

export interface FeedChange {
  /** `closed`: gone from the feed; `created`: new since the cursor; `updated`: changed, or reopened. */
  change: 'created' | 'updated' | 'closed';
  job: JobJson;
}

const tokenJson = (row: FeedTokenRow): FeedTokenJson => ({
  id: row.id,
  clientId: row.clientId,
  label: row.label,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  revokedBy: row.revokedBy,
});

/**
 * The client feed: the open production jobs of all a client's imports, for the client's job pages, as JSON and as an
 * Indeed-style XML, plus the changes since a cursor. Reached with a feed token (the URL's credential, stored hashed,
 * revocable) that account management, the lead or ops create per client.
 */
@Injectable()
export class FeedService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async createToken(clientId: string, body: CreateFeedToken, by: string, ownAddress: string) {
    await this.client(clientId);
    const token = `lif_${randomBytes(32).toString('base64url')}`;
    const row = await insertFeedToken(this.db, { clientId, tokenHash: sha256(token), label: body.label ?? null, createdBy: by });
    const base = (this.config.publicApiUrl ?? ownAddress).replace(/\/$/, '');
    const paths = { json: `/feeds/${token}/jobs.json`, xml: `/feeds/${token}/jobs.xml`, changes: `/feeds/${token}/changes` };
    // The token appears in this answer only.
    return { ...tokenJson(row), token, paths, urls: { json: base + paths.json, xml: base + paths.xml, changes: base + paths.changes } };
  }

  async tokens(clientId: string): Promise<FeedTokenJson[]> {
    await this.client(clientId);
    return (await feedTokensOf(this.db, clientId)).map(tokenJson);
  }

  async revoke(clientId: string, id: string, by: string): Promise<FeedTokenJson> {
    const row = await revokeFeedToken(this.db, clientId, id, by);
    if (!row) throw new ApiError(404, 'feed_token_not_found', `Client ${clientId} has no feed token ${id}`);
    return tokenJson(row);
  }

  async json(token: string): Promise<FeedDocument> {
    const { clientName, clientId } = await this.resolve(token);
    const read = await clientOpenJobs(this.db, clientId);
    const jobs = read.jobs.map(jobJson);
    const lastModified = read.lastModified?.toISOString() ?? null;
    // The cursor changes with every transaction anywhere in the database: the validator covers the content only (a
    // consumer answered 304 keeps its older cursor, which is as good: `changes` from it returns what changed since).
    const jobsText = JSON.stringify(jobs);
    const etag = `W/"${sha256(`${clientName}\n${lastModified}\n${jobsText}`).slice(0, 32)}"`;
    const head = JSON.stringify({ client: clientName, lastModified, changesCursor: encodeCursor({ snapshot: read.snapshot, after: null }) });
    const body = `${head.slice(0, -1)},"jobs":${jobsText}}`;
    return { body, contentType: 'application/json; charset=utf-8', etag, lastModified: read.lastModified };
  }

  async xml(token: string): Promise<FeedDocument> {
    const { clientName, clientId } = await this.resolve(token);
    const read = await clientOpenJobs(this.db, clientId);
    const body = feedXml({ clientName, lastModified: read.lastModified, jobs: read.jobs.map(jobJson) });
    return { body, contentType: 'application/xml; charset=utf-8', etag: `"${sha256(body).slice(0, 32)}"`, lastModified: read.lastModified };
  }

  async changes(token: string, query: ChangesQuery): Promise<{ changes: FeedChange[]; nextCursor: string; hasMore: boolean }> {
    const { clientId } = await this.resolve(token);
    const cursor = decodeCursor(query.since);
    const base = cursor.after?.base ?? cursor.snapshot;
    const read = await clientJobChanges(this.db, clientId, cursor, base, query.limit + 1);
    const page = read.jobs.slice(0, query.limit);
    const hasMore = read.jobs.length > query.limit;
    const last = page.at(-1);
    // The snapshot of this read, and where a cut page stopped (see changes-cursor.ts).
    const next = { snapshot: read.snapshot, after: hasMore && last ? { xid: last.changeXid, id: last.id, base } : null };
    return {
      changes: page.map((row) => ({ change: row.status === 'closed' ? 'closed' : row.createdSince ? 'created' : 'updated', job: jobJson(row) })),
      nextCursor: encodeCursor(next),
      hasMore,
    };
  }

  private async client(id: string): Promise<{ id: string; name: string }> {
    const client = await feedClient(this.db, id);
    if (!client) throw new ApiError(404, 'client_not_found', `No client with id ${id} (an import's \`clientId\`: GET /imports/:id)`);
    return client;
  }

  /** The client of a feed token: unknown → 404, revoked → 401. The token is never echoed back. */
  private async resolve(token: string): Promise<{ clientId: string; clientName: string }> {
    const row = FEED_TOKEN_PATTERN.test(token) ? await feedTokenByHash(this.db, sha256(token)) : null;
    if (!row) throw new ApiError(404, 'unknown_feed_token', 'No feed at this address: check the link, or ask your contact for a new one');
    if (row.revokedAt) throw new ApiError(401, 'feed_token_revoked', `This feed link was revoked on ${row.revokedAt.toISOString().slice(0, 10)}: ask your contact for a new one`);
    return { clientId: row.clientId, clientName: row.clientName };
  }
}
