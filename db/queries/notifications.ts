import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { notifications } from '../schema';

/** An import's notifications (the lifecycle's reminders and decisions, addressed to members), latest first. */
export type NotificationRow = typeof notifications.$inferSelect;

export function notificationsOf(db: Database, importId: string): Promise<NotificationRow[]> {
  return db.select().from(notifications).where(eq(notifications.importId, importId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(200);
}

