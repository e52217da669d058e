import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { importIdSchema, openApi } from '../imports/imports.dto';
import { diffQuerySchema, putDossierSchema, type DiffQuery, type PutDossierBody } from './dossier.dto';
import { DossierService } from './dossier.service';

const idPipe = new ZodPipe(importIdSchema, 'path');

@ApiTags('dossier')
@ApiBearerAuth()
@Controller('imports/:id/dossier')
export class DossierController {
  constructor(@Inject(DossierService) private readonly dossier: DossierService) {}

  @Get()
  @ApiOperation({ summary: 'The current dossier: sections, missing sections, rendered HTML (escaped), incident log' })
  @ApiParam({ name: 'id', format: 'uuid' })
  get(@Param('id', idPipe) id: string) {
    return this.dossier.get(id);
  }

  @Put()
  @ApiOperation({ summary: 'A new version, written against `baseVersion` (the version read; 0 for the first). Stale → 409' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({
    schema: openApi(putDossierSchema),
    examples: {
      first: {
        value: {
          baseVersion: 0,
          context: 'Acme Retail, 40 stores. Career site on Greenhouse: the `greenhouse` importer, configuration only.',
          sources: 'https://boards.greenhouse.io/acme — public board, no credentials. Agreed: one run a day, 06:00 UTC.',
          contacts: 'AM: am.claire. Client HR: Julie Martin (julie@acme.example).',
          unusualPoints: ['ids change when a job is republished'],
          runBook: { count_drop: 'Usually the seasonal close of store jobs in January: check with the AM before anything else.' },
        },
      },
    },
  })
  @ApiResponse({ status: 409, description: '`stale_dossier`: someone saved a newer version; read it again' })
  @ApiResponse({ status: 422, description: '`plain_credentials`: a value looks like a credential' })
  put(@Param('id', idPipe) id: string, @Body(new ZodPipe(putDossierSchema)) body: PutDossierBody, @CurrentCaller() caller: Caller) {
    return this.dossier.put(id, body, caller);
  }

  @Get('versions')
  @ApiOperation({ summary: 'Every version, newest first: author, time, note, the review revision it was submitted or approved with' })
  @ApiParam({ name: 'id', format: 'uuid' })
  versions(@Param('id', idPipe) id: string) {
    return this.dossier.versions(id);
  }

  @Get('diff')
  @ApiOperation({ summary: 'A unified diff between two versions (`from=0`: the empty dossier)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'from', schema: { type: 'integer', minimum: 0 } })
  @ApiQuery({ name: 'to', schema: { type: 'integer', minimum: 1 } })
  diff(@Param('id', idPipe) id: string, @Query(new ZodPipe(diffQuerySchema, 'query')) query: DiffQuery) {
    return this.dossier.diff(id, query);
  }

  @Get('review')
  @ApiOperation({ summary: "For the reviewer: the dossier's diff from the last approved revision to the submitted one" })
  @ApiParam({ name: 'id', format: 'uuid' })
  review(@Param('id', idPipe) id: string) {
    return this.dossier.reviewDiff(id);
  }
}
