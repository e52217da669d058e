import { z } from 'zod';

/** Default life of a preview link, in days (a client usually answers within a week or two). */
export const DEFAULT_PREVIEW_DAYS = 14;
export const MAX_PREVIEW_DAYS = 90;

export const createPreviewLinkSchema = z.strictObject({
  /** Account management (the caller; may be left out). */
  by: z.string().trim().min(1).max(200).optional(),
  /** The client contact the link is sent to: the decision is recorded as `client:<contact>`. */
  contact: z.string().trim().min(1).max(200).optional(),
  expiresInDays: z.number().int().min(1).max(MAX_PREVIEW_DAYS).default(DEFAULT_PREVIEW_DAYS),
});
export type CreatePreviewLink = z.infer<typeof createPreviewLinkSchema>;

/** The page's two forms (application/x-www-form-urlencoded). Nothing else is accepted, an import id least of all. */
export const previewDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('validate'), comment: z.string().trim().max(4000).optional() }),
  z.strictObject({ decision: z.literal('feedback'), comment: z.string().trim().min(1, 'comment: required with feedback (what should change)').max(4000) }),
]);
export type PreviewDecision = z.infer<typeof previewDecisionSchema>;

/** Tokens are 32 random bytes as base64url: 43 characters. Anything else is not a token. */
export const previewTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
