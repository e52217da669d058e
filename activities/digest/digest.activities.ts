import type postgres from 'postgres';
import { dossierPath, type DigestBlocked, type DigestContent, type DigestImport } from '../../contracts';
import { dossierBrief } from '../../db/dossier-brief';
import * as db from '../../db/queries/digest';

/** Stages where the import waits on account management: the client's answer, the final-install checklist. */
const WAITING_ON_ACCOUNT_MANAGEMENT = ['client_validation', 'handed_off'];
const DONE = ['live', 'cancelled'];
/** Blocks that wait on account management or on the client, whom the account manager relays. */
const ACCOUNT_MANAGER_BLOCKS = ['client_information', 'account_management'];

/**
 * The daily digest's I/O: who gets one, and each account manager's digest computed and stored in one
 * statement per part. Idempotent: the row of a member and day is replaced, never doubled.
 */
export function createDigestActivities(deps: { sql: postgres.Sql }) {
  const { sql } = deps;
  return {
    /** Handles of the active account managers (a short list: the workflow fans out over it). */
    async digestRecipients(): Promise<string[]> {
      return db.accountManagers(sql);
    },

    /** Computes and stores `member`'s digest for `day`; returns its counts (not the content: it stays in Postgres). */
    async writeDigest(input: { member: string; day: string }): Promise<{ key: string; imports: number; overdue: number; waiting: number; blocked: number; incidents: number }> {
      const { member, day } = input;
      const imports = await db.importsRequestedBy(sql, member);
      const strip = ({ priority: _p, ...rest }: db.RequestedImport): DigestImport => ({ ...rest, dossier: dossierPath(rest.id) });
      const byStage: Record<string, number> = {};
      for (const i of imports) byStage[i.stage] = (byStage[i.stage] ?? 0) + 1;
      const overdue = imports.filter((i) => i.wantedDate !== null && i.wantedDate < day && !DONE.includes(i.stage)).map(strip);
      const waitingImports = imports.filter((i) => WAITING_ON_ACCOUNT_MANAGEMENT.includes(i.stage)).map(strip);
      const questions = await db.openQuestionsFor(sql, member);
      const blockedRows = await db.blocksWaitingOn(sql, member, day, ACCOUNT_MANAGER_BLOCKS);
      const blocked: DigestBlocked[] = await Promise.all(
        blockedRows.map(async (b) => {
          const brief = await dossierBrief(sql, { importId: b.importId, kind: b.kind });
          return { ...b, days: Number(b.days), unusualPoints: brief.unusualPoints, dossier: brief.link };
        }),
      );
      const incidents = await db.openIncidentsOf(sql, imports.map((i) => i.id));
      // An account manager forwarding an incident to the client needs what is known about it: from the dossier.
      const openIncidents = await Promise.all(
        incidents.map(async ({ failedChecks, ...i }) => {
          const brief = await dossierBrief(sql, { importId: i.importId, kind: i.kind, failedChecks: failedChecks ?? [], excludeIncidentId: Number(i.id) });
          return { ...i, id: Number(i.id), unusualPoints: brief.unusualPoints, runBook: brief.runBook, lastTime: brief.lastTime?.line ?? null, dossier: brief.link };
        }),
      );
      const content: DigestContent = {
        day,
        byStage,
        overdue,
        waitingOnYou: { imports: waitingImports, questions: questions.map((q) => ({ ...q, id: Number(q.id) })), blocked },
        openIncidents,
      };
      const key = `${member}/${day}`;
      await db.saveDigest(sql, { key, member, day, content });
      return { key, imports: imports.length, overdue: overdue.length, waiting: waitingImports.length + questions.length, blocked: blocked.length, incidents: incidents.length };
    },
  };
}

export type DigestActivities = ReturnType<typeof createDigestActivities>;
