import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../../db/client';
import * as versions from '../../../db/queries/dossier-versions';
import type { DossierIncidentRow, DossierVersionRow } from '../../../db/queries/dossier-versions';
import type { DossierSections } from '../../../contracts';
import { DATABASE } from '../common/tokens';

export type { DossierIncidentRow, DossierVersionRow };

/** Kept as an injectable (the dossier, incidents and review-sheet services take it): forwards to db/queries/dossier-versions.ts. */
@Injectable()
export class DossierRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  latest(importId: string) {
    return versions.latest(this.db, importId);
  }

  version(importId: string, version: number) {
    return versions.version(this.db, importId, version);
  }

  versions(importId: string) {
    return versions.versions(this.db, importId);
  }

  currentVersion(importId: string) {
    return versions.currentVersion(this.db, importId);
  }

  insert(importId: string, baseVersion: number, sections: DossierSections, author: string, authorRole: string, note: string | null) {
    return versions.insert(this.db, importId, baseVersion, sections, author, authorRole, note);
  }

  markSubmitted(importId: string, version: number, revision: number) {
    return versions.markSubmitted(this.db, importId, version, revision);
  }

  markApproved(importId: string, revision: number) {
    return versions.markApproved(this.db, importId, revision);
  }

  markApprovedFromDecisions(importId: string) {
    return versions.markApprovedFromDecisions(this.db, importId);
  }

  versionAt(importId: string, at: string) {
    return versions.versionAt(this.db, importId, at);
  }

  lastApproved(importId: string) {
    return versions.lastApproved(this.db, importId);
  }

  lastSubmitted(importId: string) {
    return versions.lastSubmitted(this.db, importId);
  }

  appendIncident(row: Parameters<typeof versions.appendIncident>[1]) {
    return versions.appendIncident(this.db, row);
  }

  hasIncident(incidentId: number) {
    return versions.hasIncident(this.db, incidentId);
  }

  incidentLog(importId: string) {
    return versions.incidentLog(this.db, importId);
  }
}
