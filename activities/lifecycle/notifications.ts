import type { LifecycleStage, NotificationKind } from '../../contracts';
import type { Database } from '../../db/client';
import { absentOn, today } from '../../db/queries/absences';
import { insertNotificationOnce } from '../../db/queries/lifecycle';
import { redactDeep } from '../../platform/redact';

export interface NotifyInput {
  /** `<workflowId>/<stage entry>/<kind>`: one row per stage entry and kind, however often this is retried. */
  key: string;
  importId: string;
  stage: LifecycleStage;
  recipient: string;
  kind: NotificationKind;
  message: string;
  /** Who gets it instead when `recipient` is away today (absent from calls recorded before absences existed). */
  lead?: string;
}

/**
 * Writes a reminder or an escalation (the notifications table is the inbox the UI and mailers read). A reminder
 * addressed to someone away today goes to the lead, saying whom it was for and until when they are away.
 */
export async function notify(db: Database, input: NotifyInput): Promise<{ created: boolean; recipient: string }> {
  const { lead, ...row } = input;
  const away = lead && lead !== input.recipient ? await absentOn(db, input.recipient, today()) : null;
  const values = away ? { ...row, recipient: lead!, redirectedFrom: input.recipient, message: `For ${input.recipient} (away until ${away.endsOn}): ${input.message}` } : row;
  return { created: await insertNotificationOnce(db, redactDeep(values)), recipient: values.recipient };
}
