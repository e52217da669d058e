import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../auth/member';
import { ZodPipe } from '../common/zod.pipe';
import { openApi } from '../imports/imports.dto';
import {
  createKeySchema,
  createMemberSchema,
  handleSchema,
  keyIdSchema,
  listMembersSchema,
  updateMemberSchema,
  type CreateKey,
  type CreateMember,
  type ListMembers,
  type UpdateMember,
} from './team.dto';
import { TeamService } from './team.service';

const handlePipe = new ZodPipe(handleSchema, 'path');
const keyIdPipe = new ZodPipe(keyIdSchema, 'path');

@ApiTags('team')
@ApiBearerAuth()
@Controller('team')
export class TeamController {
  constructor(@Inject(TeamService) private readonly team: TeamService) {}

  @Get('me')
  @ApiOperation({ summary: 'The member the API key belongs to' })
  me(@CurrentCaller() caller: Caller) {
    return this.team.me(caller);
  }

  @Get('members')
  @ApiOperation({ summary: 'Team members (active ones unless includeDeactivated=true), by handle' })
  @ApiQuery({ name: 'role', required: false, enum: ['account_manager', 'developer', 'lead', 'ops'] })
  @ApiQuery({ name: 'includeDeactivated', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  list(@Query(new ZodPipe(listMembersSchema, 'query')) query: ListMembers) {
    return this.team.list(query);
  }

  @Post('members')
  @ApiOperation({ summary: 'Add a member (lead)' })
  @ApiBody({
    schema: openApi(createMemberSchema),
    examples: { developer: { value: { handle: 'dev.alice', name: 'Alice Martin', email: 'alice@liaison.example', role: 'developer', skills: ['html', 'greenhouse'], weeklyCapacityDays: 4 } } },
  })
  @ApiResponse({ status: 201, description: 'The member' })
  @ApiResponse({ status: 409, description: 'The handle is taken' })
  create(@Body(new ZodPipe(createMemberSchema)) body: CreateMember) {
    return this.team.create(body);
  }

  @Get('members/:handle')
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  get(@Param('handle', handlePipe) handle: string) {
    return this.team.get(handle);
  }

  @Patch('members/:handle')
  @ApiOperation({ summary: "Change a member's name, email, role, skills or capacity (lead)" })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  @ApiBody({ schema: openApi(updateMemberSchema), examples: { skills: { value: { skills: ['xml', 'taleo', 'multiposting'], weeklyCapacityDays: 3 } } } })
  update(@Param('handle', handlePipe) handle: string, @Body(new ZodPipe(updateMemberSchema)) body: UpdateMember, @CurrentCaller() caller: Caller) {
    return this.team.update(handle, body, caller);
  }

  @Delete('members/:handle')
  @ApiOperation({ summary: 'Deactivate a member (lead): their keys are revoked, their decisions stay' })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  deactivate(@Param('handle', handlePipe) handle: string, @CurrentCaller() caller: Caller) {
    return this.team.deactivate(handle, caller);
  }

  @Get('members/:handle/keys')
  @ApiOperation({ summary: "A member's API keys (prefix and dates, never the key): the lead, or the member" })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  keys(@Param('handle', handlePipe) handle: string) {
    return this.team.keys(handle);
  }

  @Post('members/:handle/keys')
  @ApiOperation({ summary: 'Create an API key (the lead, or the member): the key is in this answer only' })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  @ApiBody({ schema: openApi(createKeySchema), examples: { laptop: { value: { label: 'laptop' } } } })
  @ApiResponse({ status: 201, description: '`key` is shown once; it is stored hashed (SHA-256)' })
  createKey(@Param('handle', handlePipe) handle: string, @Body(new ZodPipe(createKeySchema)) body: CreateKey) {
    return this.team.createKey(handle, body);
  }

  @Delete('members/:handle/keys/:keyId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key (the lead, or the member); idempotent' })
  @ApiParam({ name: 'handle', example: 'dev.alice' })
  @ApiParam({ name: 'keyId', format: 'uuid' })
  revokeKey(@Param('handle', handlePipe) handle: string, @Param('keyId', keyIdPipe) keyId: string) {
    return this.team.revokeKey(handle, keyId);
  }
}
