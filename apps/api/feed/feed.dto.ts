import { z } from 'zod';

export const clientIdSchema = z.uuid({ message: 'client id must be a UUID' });
export const feedTokenIdSchema = z.uuid({ message: 'feed token id must be a UUID' });

export const createFeedTokenSchema = z.strictObject({
  /** What the token is for ("site carrières", "Indeed"): shown in the list, where the token never is. */
  label: z.string().trim().min(1).max(200).optional(),
  /** The API key's member (may be left out; another name is refused). */
  by: z.string().trim().min(1).max(200).optional(),
});
export type CreateFeedToken = z.infer<typeof createFeedTokenSchema>;

export const MAX_CHANGES_PAGE = 1000;

export const changesQuerySchema = z.strictObject({
  since: z.string({ message: 'since is required: take `changesCursor` from jobs.json, then each answer’s `nextCursor`' }),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_PAGE).default(500),
});
export type ChangesQuery = z.infer<typeof changesQuerySchema>;

/** `lif_` and 32 random bytes as base64url. Anything else is not a feed token (refused before any lookup). */
export const FEED_TOKEN_PATTERN = /^lif_[A-Za-z0-9_-]{43}$/;
