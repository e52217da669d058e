import { z } from 'zod';
import { MEMBER_HANDLE_PATTERN, MEMBER_ROLES } from '../../../contracts';

export const handleSchema = z.string().regex(MEMBER_HANDLE_PATTERN, { message: 'handle must look like "dev.alice": lower case, at least one dot' }).max(100);
const skill = z.string().trim().toLowerCase().min(1).max(50);

export const createMemberSchema = z.strictObject({
  handle: handleSchema,
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  role: z.enum(MEMBER_ROLES),
  /** Import kinds (html, xml, json, jsonld), ATS or importer keys (greenhouse…), multiposting, job-pipe. */
  skills: z.array(skill).max(50).default([]),
  /** Working days per week given to imports (0–7). */
  weeklyCapacityDays: z.number().int().min(0).max(7).default(5),
});
export type CreateMember = z.infer<typeof createMemberSchema>;

export const updateMemberSchema = createMemberSchema.omit({ handle: true }).partial().refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateMember = z.infer<typeof updateMemberSchema>;

export const createKeySchema = z.strictObject({ label: z.string().trim().min(1).max(100).optional() });
export type CreateKey = z.infer<typeof createKeySchema>;

export const listMembersSchema = z.strictObject({
  role: z.enum(MEMBER_ROLES).optional(),
  includeDeactivated: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListMembers = z.infer<typeof listMembersSchema>;

export const keyIdSchema = z.uuid({ message: 'key id must be a UUID' });
