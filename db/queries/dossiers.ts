import type { dossierIncidentLog, dossierVersions } from '../schema';
import type { Queryable, RawRow } from './sql';

/** An import's dossier: its versions (never updated in place) and its incident log. */
export type DossierVersion = typeof dossierVersions.$inferSelect;
export type DossierIncidentEntry = typeof dossierIncidentLog.$inferSelect;

export async function latestDossierSections(sql: Queryable, importId: string): Promise<Pick<DossierVersion, 'version' | 'sections'> | undefined> {
  const [latest] = await sql<Pick<DossierVersion, 'version' | 'sections'>[]>`
    select version, sections from dossier_versions where import_id = ${importId} order by version desc limit 1`;
  return latest;
}

/** The latest resolution logged for the import and kind, besides the incident `excludeIncidentId`'s own. */
export async function lastResolution(
  sql: Queryable,
  scope: { importId: string; kind: string; excludeIncidentId?: number | null },
): Promise<RawRow<Pick<DossierIncidentEntry, 'incidentId' | 'cause' | 'fix' | 'by' | 'at'>> | undefined> {
  // bigint ids come back as text through the raw driver: cast, so the row is what its type says.
  const [last] = await sql<RawRow<Pick<DossierIncidentEntry, 'incidentId' | 'cause' | 'fix' | 'by' | 'at'>>[]>`
    select incident_id::int as "incidentId", cause, fix, by, at from dossier_incident_log
    where import_id = ${scope.importId} and kind = ${scope.kind} and incident_id <> ${scope.excludeIncidentId ?? -1}
    order by at desc, incident_id desc limit 1`;
  return last;
}
