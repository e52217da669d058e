import { QUEUE_STAGES } from '../../contracts';
import type { Database } from '../../db/client';
import { queuePosition as positionInQueue } from '../../db/queries/lifecycle';
import { Failure, failure } from '../../contracts/failures';

/** An import's rank in the development queue (db/queries/lifecycle.ts); an import in no queue stage fails for good. */
export async function queuePosition(db: Database, importId: string): Promise<number> {
  const position = await positionInQueue(db, importId);
  if (position === undefined) {
    throw failure(Failure.NotInQueue, `Import ${importId} is not in a queue stage (${QUEUE_STAGES.join(', ')})`);
  }
  return position;
}
