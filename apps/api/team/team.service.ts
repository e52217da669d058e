import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import type { Caller } from '../auth/member';
import type { CreateKey, CreateMember, ListMembers, UpdateMember } from './team.dto';
import { TeamRepository, type KeyView, type MemberRow } from './team.repository';

@Injectable()
export class TeamService {
  constructor(@Inject(TeamRepository) private readonly repository: TeamRepository) {}

  async create(input: CreateMember): Promise<MemberRow> {
    const row = await this.repository.create(input);
    if (!row) throw new ApiError(409, 'member_exists', `A member "${input.handle}" already exists`);
    return row;
  }

  async get(handle: string): Promise<MemberRow> {
    const row = await this.repository.find(handle);
    if (!row) throw new ApiError(404, 'member_not_found', `No member "${handle}"`);
    return row;
  }

  async list(query: ListMembers) {
    const { items, total } = await this.repository.list(query);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async update(handle: string, changes: UpdateMember, caller: Caller): Promise<MemberRow> {
    if (handle === caller.handle && changes.role !== undefined && changes.role !== 'lead') {
      throw new ApiError(409, 'last_lead', 'A lead cannot change their own role: another lead must (so the team always keeps one)');
    }
    const row = await this.repository.update(handle, changes);
    if (!row) throw new ApiError(404, 'member_not_found', `No member "${handle}"`);
    return row;
  }

  async deactivate(handle: string, caller: Caller): Promise<MemberRow> {
    if (handle === caller.handle) throw new ApiError(409, 'last_lead', 'A lead cannot deactivate themselves: another lead must');
    const row = await this.repository.deactivate(handle);
    if (!row) throw new ApiError(404, 'member_not_found', `No member "${handle}"`);
    return row;
  }

  async me(caller: Caller) {
    return { ...(await this.get(caller.handle)), keyId: caller.keyId };
  }

  async keys(handle: string): Promise<KeyView[]> {
    await this.get(handle);
    return this.repository.keys(handle);
  }

  async createKey(handle: string, body: CreateKey) {
    const member = await this.get(handle);
    if (member.deactivatedAt) throw new ApiError(409, 'member_deactivated', `Member "${handle}" is deactivated: no new keys`);
    const created = await this.repository.createKey(handle, body.label);
    return { ...created, notice: 'Keep this key now: it is stored hashed and will not be shown again.' };
  }

  async revokeKey(handle: string, keyId: string): Promise<KeyView> {
    const row = await this.repository.revokeKey(handle, keyId);
    if (!row) throw new ApiError(404, 'key_not_found', `Member "${handle}" has no key ${keyId}`);
    return row;
  }
}
