import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import { listAudit, recordAudit, type AuditRow, type NewAuditRow } from '../../../db/queries/audit';
import { DATABASE } from '../common/tokens';
import type { ListAudit } from './audit.dto';

export type { AuditRow, NewAuditRow };

/** Kept as an injectable (the guard, the interceptor, the controller and test/access.test.ts take it): forwards to db/queries/audit.ts. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  record(row: NewAuditRow): Promise<void> {
    return recordAudit(this.db, row);
  }

  list(query: ListAudit): Promise<AuditRow[]> {
    return listAudit(this.db, query);
  }
}
