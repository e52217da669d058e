import { type FeedConfig, feedConfigSchema } from '../../importers/feed';
import { resolveFeed } from '../../importers/feed/extract';
import { formatSuggestion, reviewConfig, suggestFeed } from '../../importers/feed/suggest';
import { createExtractContext, type FetchPolicy, type ImporterDefinition } from '../../importers/sdk';
import { EXIT, UsageError } from './errors';
import { allLoopback } from './url-override';

interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** The feed as text, through the production fetch policy (private addresses only for a loopback URL). */
async function fetchFeed(url: string, policy: Partial<FetchPolicy>, headers?: Record<string, string>) {
  const ctx = createExtractContext({ ...policy, ...(allLoopback([url]) ? { allowPrivate: [...(policy.allowPrivate ?? []), '127.0.0.0/8', '::1'] } : {}) });
  try {
    return await ctx.fetch(url, headers ? { headers } : {});
  } finally {
    await ctx.close();
  }
}

/** `importer try feed --url URL --suggest`: items, paths with coverage and samples, a configuration to edit. */
export async function suggestCommand(importer: ImporterDefinition<unknown>, url: string | undefined, inline: Record<string, unknown> | undefined, io: Io): Promise<number> {
  if (importer.key !== 'feed') throw new UsageError(`--suggest works with the feed importer (npm run importer -- try feed --url URL --suggest), not "${importer.key}"`);
  const feedUrl = url ?? (typeof inline?.feedUrl === 'string' ? inline.feedUrl : undefined);
  if (feedUrl === undefined) throw new UsageError('--suggest needs the feed: give --url, --fixture or feedUrl in --config');
  const doc = await fetchFeed(feedUrl, {});
  const items = typeof inline?.items === 'string' ? inline.items : undefined;
  const suggestion = await suggestFeed(doc.text, { contentType: doc.contentType, url: doc.finalUrl, ...(items ? { items } : {}) });
  io.out(formatSuggestion(suggestion, feedUrl));
  return EXIT.ok;
}

/**
 * After a dry run of `feed`: the source paths no field reads ("`salary` in 16/16 items, not mapped"), so nothing a
 * client publishes is ignored by accident, and a path giving unique ids when the configured one repeats. The feed's
 * first document is fetched again (a development aid; runs never do this).
 */
export async function reviewFeedConfig(config: unknown, policy: Partial<FetchPolicy>, io: Io): Promise<void> {
  const parsed = feedConfigSchema.safeParse(config);
  if (!parsed.success) return;
  const feed: FeedConfig = parsed.data;
  const resolved = resolveFeed(feed);
  try {
    const doc = await fetchFeed(feed.feedUrl, policy, feed.headers);
    const suggestion = await suggestFeed(doc.text, { contentType: doc.contentType, url: doc.finalUrl, items: resolved.items });
    const lines = reviewConfig(suggestion, resolved.fields);
    io.out(lines.length === 0 ? '\nEvery source path is read by a field.' : ['', 'Source paths (first page):', ...lines.map((l) => `  ${l}`)].join('\n'));
  } catch (err) {
    io.err(`(source paths not listed: ${err instanceof Error ? err.message : String(err)})`);
  }
}
