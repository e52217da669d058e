import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import type { Client } from '@temporalio/client';
import { clientDecisionUpdate, lifecycleWorkflowId, type ClientDecisionRequest, type LifecycleState } from '../../../contracts';
import type { ServiceConfig } from '../../../platform/config';
import { ApiError } from '../common/api-error';
import { DATABASE, CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { ImportsService, translateLifecycleError } from '../imports/imports.service';
import { previewTokenSchema, type CreatePreviewLink, type PreviewDecision } from './preview.dto';
import type { PreviewView } from './preview.page';
import { importNames, insertPreviewLink, markPreviewLinkUsed, openJobsOf, previewLinkByTokenHash, type PreviewJob, type PreviewLinkRow } from '../../../db/queries/preview-links';

const DAY_MS = 86_400_000;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A preview page that cannot be shown or acted on: rendered as an HTML page with this status. */
export class PreviewPageError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 410,
    message: string,
  ) {
    super(message);
  }
}

export interface CreatedPreviewLink {
  id: string;
  importId: string;
  environment: 'staging';
  purpose: 'client_validation';
  contact: string | null;
  expiresAt: string;
  /** The page's path, and its URL when PUBLIC_API_URL is set. The token is shown this once only. */
  path: string;
  url: string;
}

/**
 * Client preview links: created by account management while an import waits for the client's validation; the
 * page (server-rendered) lists the import's open staging jobs and sends the client's decision to the lifecycle.
 */
@Injectable()
export class PreviewService {
  constructor(
    @Inject(ImportsService) private readonly imports: ImportsService,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** `ownAddress`: the API's address as the request reached it, for the link's URL when PUBLIC_API_URL is unset. */
  async createLink(importId: string, body: CreatePreviewLink, by: string, ownAddress: string): Promise<CreatedPreviewLink> {
    const state = await this.imports.state(importId);
    if (state.stage !== 'client_validation') {
      throw new ApiError(409, 'wrong_stage', `A preview link is created in stage "client_validation", not "${state.stage}": the client validates staging once its first run has applied`);
    }
    const token = randomBytes(32).toString('base64url');
    const row = await insertPreviewLink(this.db, {
      importId,
      tokenHash: hashOf(token),
      environment: 'staging',
      purpose: 'client_validation',
      contact: body.contact ?? null,
      createdBy: by,
      expiresAt: new Date(Date.now() + body.expiresInDays * DAY_MS),
    });
    const path = `/preview/${token}`;
    return {
      id: row.id,
      importId,
      environment: 'staging',
      purpose: 'client_validation',
      contact: row.contact,
      expiresAt: row.expiresAt.toISOString(),
      path,
      url: `${(this.config.publicApiUrl ?? ownAddress).replace(/\/$/, '')}${path}`,
    };
  }

  /** The link of a token: unknown (or not a client-validation link on staging) → 404, expired → 410. */
  async resolve(token: string): Promise<PreviewLinkRow> {
    const unknown = new PreviewPageError(404, "Ce lien d'aperçu n'existe pas. Vérifiez l'adresse reçue, ou demandez un nouveau lien à votre contact.");
    if (!previewTokenSchema.safeParse(token).success) throw unknown;
    const link = await previewLinkByTokenHash(this.db, hashOf(token));
    if (!link || link.purpose !== 'client_validation' || link.environment !== 'staging') throw unknown;
    if (link.expiresAt.getTime() <= Date.now()) {
      throw new PreviewPageError(410, `Ce lien d'aperçu a expiré le ${link.expiresAt.toISOString().slice(0, 10)}. Demandez un nouveau lien à votre contact.`);
    }
    return link;
  }

  async page(token: string): Promise<PreviewView> {
    const link = await this.resolve(token);
    const row = await importNames(this.db, link.importId);
    return { token, importName: row?.importName ?? '', clientName: row?.clientName ?? '', expiresAt: link.expiresAt, jobs: await openJobsOf(this.db, link.importId, link.environment) };
  }

  async job(token: string, jobId: number): Promise<PreviewJob> {
    const link = await this.resolve(token);
    const job = (await openJobsOf(this.db, link.importId, link.environment)).find((j) => j.id === jobId);
    if (!job) throw new PreviewPageError(404, "Cette offre n'est pas dans l'aperçu (elle a pu être fermée).");
    return job;
  }

  /**
   * The client's decision, sent as the `clientDecision` update of the link's import (never another: the import
   * id comes from the link). Account management created the link: the update carries its role.
   */
  async decide(token: string, form: PreviewDecision): Promise<LifecycleState> {
    const link = await this.resolve(token);
    const request: ClientDecisionRequest = {
      by: `client:${link.contact ?? link.id}`,
      decision: form.decision,
      ...(form.comment ? { comments: form.comment } : {}),
      role: 'account_manager',
    };
    let state: LifecycleState;
    try {
      state = await this.client.workflow.getHandle(lifecycleWorkflowId(link.importId)).executeUpdate(clientDecisionUpdate, { args: [request] });
    } catch (err) {
      const translated = translateLifecycleError(err, link.importId);
      if (translated instanceof ApiError && translated.getStatus() === 409) {
        throw new PreviewPageError(409, 'Ces offres ne sont plus en attente de votre validation : une décision a déjà été prise, ou une nouvelle version est en préparation.');
      }
      if (translated instanceof ApiError && translated.getStatus() === 422) {
        throw new PreviewPageError(400, (translated.getResponse() as { error: { message: string } }).error.message);
      }
      throw translated;
    }
    await markPreviewLinkUsed(this.db, link.id);
    return state;
  }
}
