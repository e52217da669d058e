import { dossierPath, lastTimeLine } from '../contracts/dossier';
import { lastResolution, latestDossierSections } from './queries/dossiers';
import type { Queryable } from './queries/sql';

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
  sql: Queryable,
  scope: { importId: string; kind: string; failedChecks?: readonly string[]; excludeIncidentId?: number | null; apiUrl?: string | null },
): Promise<DossierBrief> {
  const latest = await latestDossierSections(sql, scope.importId);
  const last = await lastResolution(sql, scope);
  const runBook = latest?.sections.runBook ?? {};
  const keys = [...new Set([...(scope.failedChecks ?? []), scope.kind])].filter((k) => typeof runBook[k] === 'string');
  const path = dossierPath(scope.importId);
  const lastTime = last ? { incidentId: Number(last.incidentId), cause: last.cause, fix: last.fix, by: last.by, at: new Date(last.at).toISOString() } : null;
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
