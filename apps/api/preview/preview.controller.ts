import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, actorOf, type Caller } from '../auth/member';
import { ownAddress } from '../common/own-address';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { createPreviewLinkSchema, previewDecisionSchema, type CreatePreviewLink } from './preview.dto';
import { confirmationPage, errorPage, jobPage, previewPage } from './preview.page';
import { PreviewPageError, PreviewService } from './preview.service';

const idPipe = new ZodPipe(importIdSchema, 'path');

/**
 * The client preview. Creating a link is an API call of account management; the pages under /preview/ are
 * public (the token is the credential) and answer HTML, errors included.
 */
@ApiTags('preview')
@Controller()
export class PreviewController {
  constructor(@Inject(PreviewService) private readonly preview: PreviewService) {}

  @Post('imports/:id/preview-links')
  @ApiOperation({ summary: "A link for the client to see the import's staging jobs and validate them (in `client_validation`)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: openApi(createPreviewLinkSchema), examples: { link: { value: { contact: 'rh@boulangeries-martin.fr', expiresInDays: 7 } } } })
  @ApiResponse({ status: 201, description: 'The link (its token appears here only: only its hash is stored)' })
  @ApiResponse({ status: 409, description: 'The import is not waiting for the client' })
  createLink(@Param('id', idPipe) id: string, @Body(new ZodPipe(createPreviewLinkSchema)) body: CreatePreviewLink, @CurrentCaller() caller: Caller, @Req() req: Request) {
    return this.preview.createLink(id, body, actorOf(caller, body.by), ownAddress(req));
  }

  @Get('preview/:token')
  @ApiExcludeEndpoint()
  async page(@Param('token') token: string, @Res() res: Response) {
    await this.html(res, async () => previewPage(await this.preview.page(token)));
  }

  @Get('preview/:token/jobs/:jobId')
  @ApiExcludeEndpoint()
  async job(@Param('token') token: string, @Param('jobId') jobId: string, @Res() res: Response) {
    await this.html(res, async () => {
      const id = /^\d{1,18}$/.test(jobId) ? Number(jobId) : Number.NaN;
      if (!Number.isSafeInteger(id)) throw new PreviewPageError(404, "Cette offre n'est pas dans l'aperçu.");
      return jobPage(token, await this.preview.job(token, id));
    });
  }

  @Post('preview/:token/decision')
  @ApiExcludeEndpoint()
  async decision(@Param('token') token: string, @Body() body: unknown, @Res() res: Response) {
    await this.html(res, async () => {
      const form = previewDecisionSchema.safeParse(body);
      if (!form.success) {
        // Resolve first: an unknown or expired link says so, rather than discussing its form.
        await this.preview.resolve(token);
        throw new PreviewPageError(400, form.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `champ refusé : ${i.keys.join(', ')}` : i.message)).join('; '));
      }
      await this.preview.decide(token, form.data);
      return confirmationPage(form.data.decision);
    });
  }

  private async html(res: Response, render: () => Promise<string>): Promise<void> {
    let status = 200;
    let page: string;
    try {
      page = await render();
    } catch (err) {
      if (!(err instanceof PreviewPageError)) throw err;
      status = err.status;
      page = errorPage(err.status, err.message);
    }
    res.status(status).type('html').set('cache-control', 'no-store').set('referrer-policy', 'no-referrer').set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'").send(page);
  }
}
