import type postgres from 'postgres';
import { dossierPath, lastTimeLine, type DossierSections } from '../contracts/dossier';

/**
 * What the person answering an incident reads first, from the import's dossier: its unusual points, the
 * run-book entries for what failed (the failing checks, then the incident kind), the last resolution of the
 * same kind on the same import, and the link to the whole dossier. Shared by the incident context (alerts),
 * the incident API and the daily digest, so all three say the same.
 */
export interface DossierBrief {
  /** 0: the import has no dossier yet. */
  version: number;
  unusualPoints: string[];
  runBook: { key: string; text: string }[];
  lastTime: { incidentId: number; cause: string; fix: string; by: string; at: string; line: string } | null;
  link: string;
}

export async function dossierBrief(
  sql: postgres.Sql,
  scope: { importId: string; kind: string; failedChecks?: readonly string[]; excludeIncidentId?: number | null; apiUrl?: string | null },
): Promise<DossierBrief> {
  const [latest] = await sql<{ version: number; sections: DossierSections }[]>`
    select version, sections from dossier_versions where import_id = ${scope.importId} order by version desc limit 1`;
  const [last] = await sql<{ incident_id: string; cause: string; fix: string; by: string; at: Date | string }[]>`
    select incident_id, cause, fix, by, at from dossier_incident_log
    where import_id = ${scope.importId} and kind = ${scope.kind} and incident_id <> ${scope.excludeIncidentId ?? -1}
    order by at desc, incident_id desc limit 1`;
  const runBook = latest?.sections.runBook ?? {};
  const keys = [...new Set([...(scope.failedChecks ?? []), scope.kind])].filter((k) => typeof runBook[k] === 'string');
  const path = dossierPath(scope.importId);
  const lastTime = last ? { incidentId: Number(last.incident_id), cause: last.cause, fix: last.fix, by: last.by, at: new Date(last.at).toISOString() } : null;
  return {
    version: latest?.version ?? 0,
    unusualPoints: latest?.sections.unusualPoints ?? [],
    runBook: keys.map((key) => ({ key, text: runBook[key]! })),
    lastTime: lastTime ? { ...lastTime, line: lastTimeLine(lastTime) } : null,
    link: scope.apiUrl ? `${scope.apiUrl.replace(/\/$/, '')}${path}` : path,
  };
}

/** The names of the failing checks an incident's or an alert's context lists (`failingChecks[].check`). */
export function failedChecksOf(context: unknown): string[] {
  const failing = (context as { failingChecks?: unknown } | null)?.failingChecks;
  return Array.isArray(failing) ? failing.map((c: { check?: unknown }) => String(c?.check)) : [];
}
