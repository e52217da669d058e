import type { LifecycleStage, NotificationKind } from '../../contracts';
import type { Database } from '../../db/client';
import { notifications } from '../../db/schema';
import { redactDeep } from '../../platform/redact';

export interface NotifyInput {
  /** `<workflowId>/<stage entry>/<kind>`: one row per stage entry and kind, however often this is retried. */
  key: string;
  importId: string;
  stage: LifecycleStage;
  recipient: string;
  kind: NotificationKind;
  message: string;
}

/** Writes a reminder or an escalation (the notifications table is the inbox the UI and mailers read). */
export async function notify(db: Database, input: NotifyInput): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(notifications)
    .values(redactDeep(input))
    .onConflictDoNothing({ target: notifications.key })
    .returning({ id: notifications.id });
  return { created: inserted.length > 0 };
}
