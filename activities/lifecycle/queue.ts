import { sql } from 'drizzle-orm';
import { QUEUE_STAGES } from '../../contracts';
import type { Database } from '../../db/client';
import { Failure, failure } from '../../contracts/failures';

/**
 * An import's rank in the development queue: imports in QUEUE_STAGES ordered by priority (1 first), then
 * wanted date (earliest first; none last), then filing order.
 */
export async function queuePosition(db: Database, importId: string): Promise<number> {
  const stages = sql.join(
    QUEUE_STAGES.map((stage) => sql`${stage}`),
    sql`, `,
  );
  const rows = await db.execute<{ position: number }>(sql`
    select q.position::int as position from (
      select i.id, row_number() over (order by i.priority, p.wanted_date nulls last, i.created_at, i.id) as position
      from imports i left join import_plans p on p.import_id = i.id
      where i.stage in (${stages})
    ) q
    where q.id = ${importId}`);
  const [row] = rows;
  if (!row) {
    throw failure(Failure.NotInQueue, `Import ${importId} is not in a queue stage (${QUEUE_STAGES.join(', ')})`);
  }
  return Number(row.position);
}
