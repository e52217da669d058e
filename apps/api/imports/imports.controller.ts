import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import {
  createImportSchema,
  importIdSchema,
  listImportsSchema,
  openApi,
  type CreateImport,
  type ListImports,
} from './imports.dto';
import { ImportsService } from './imports.service';

const idPipe = new ZodPipe(importIdSchema, 'path');

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(@Inject(ImportsService) private readonly imports: ImportsService) {}

  @Post()
  @ApiOperation({ summary: 'File an import request and start its lifecycle workflow' })
  @ApiBody({
    schema: openApi(createImportSchema),
    examples: {
      careerSite: {
        summary: 'A career site scraped as HTML',
        value: { client: 'Boulangeries Martin', name: 'Career site', kind: 'html', sourceUrls: ['https://jobs.example.fr/offres'], priority: 2, requestedBy: 'claire.am',
          contacts: [{ name: 'Julie Martin', role: 'HR', email: 'julie@boulangeries-martin.fr' }],
          credentialRefs: [{ name: 'MARTIN_ATS_TOKEN', purpose: 'ATS API' }],
          wantedDate: '2027-03-01',
        },
      },
    },
  })
  @ApiResponse({ status: 201, description: 'The import, its workflow id and a link to Temporal UI' })
  @ApiResponse({ status: 400, description: 'Invalid body; `error.details.fields` lists each field' })
  create(@Body(new ZodPipe(createImportSchema)) body: CreateImport, @CurrentCaller() caller: Caller) {
    return this.imports.create({ ...body, requestedBy: actorOf(caller, body.requestedBy, 'requestedBy') });
  }

  @Get()
  @ApiOperation({ summary: 'List imports, highest priority first' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  list(@Query(new ZodPipe(listImportsSchema, 'query')) query: ListImports) {
    return this.imports.list(query.limit, query.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One import as stored in Postgres' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 404, description: 'No such import' })
  get(@Param('id', idPipe) id: string) {
    return this.imports.get(id);
  }

  @Get(':id/decisions')
  @ApiOperation({ summary: 'Every decision recorded on the import (who, when, from and to, comment)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  decisions(@Param('id', idPipe) id: string) {
    return this.imports.decisions(id);
  }

  @Get(':id/state')
  @ApiOperation({ summary: 'The lifecycle state held by the workflow (a Temporal query)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  state(@Param('id', idPipe) id: string) {
    return this.imports.state(id);
  }
}
