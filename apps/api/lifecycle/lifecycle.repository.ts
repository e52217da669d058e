import { Inject, Injectable } from '@nestjs/common';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { notifications } from '../../../db/schema';
import { DATABASE } from '../common/tokens';

export type NotificationRow = typeof notifications.$inferSelect;

@Injectable()
export class LifecycleRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  notifications(importId: string): Promise<NotificationRow[]> {
    return this.db.select().from(notifications).where(eq(notifications.importId, importId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(200);
  }
}
