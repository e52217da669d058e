import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DailyDigestInput } from '../contracts';
import type { DigestActivities } from '../activities/digest/digest.activities';
import { RETRY } from './retry-policies';

const digest = proxyActivities<DigestActivities>({
  startToCloseTimeout: '1 minute',
  retry: RETRY.digest,
});

/**
 * The account managers' daily digest, started each morning by the `daily-digest` Schedule: one activity per
 * account manager computes and stores theirs (a failing one is retried alone). Only handles and counts
 * cross the history; the digests stay in Postgres.
 */
export async function dailyDigest(input: DailyDigestInput = {}): Promise<{ day: string; written: number; members: string[] }> {
  const day = input.day ?? workflowInfo().startTime.toISOString().slice(0, 10);
  const members = await digest.digestRecipients();
  await Promise.all(members.map((member) => digest.writeDigest({ member, day })));
  return { day, written: members.length, members };
}
