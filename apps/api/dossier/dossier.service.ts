import { Inject, Injectable } from '@nestjs/common';
import { redact } from '../../../platform/redact';
import { DOSSIER_SECTION_TITLES, EMPTY_DOSSIER, missingDossierSections, type DossierSections, type RequiredDossierSection } from '../../../contracts';
import { plainCredentialsInText } from '../../../importers/config-check';
import type { Caller } from '../auth/member';
import { ApiError } from '../common/api-error';
import { ImportsService } from '../imports/imports.service';
import type { DiffQuery, PutDossierBody } from './dossier.dto';
import { DossierRepository, type DossierIncidentRow, type DossierVersionRow } from './dossier.repository';
import { diffDossiers, renderDossier } from './dossier.render';

/** The import's dossier: versions written against the one their author read, read with its incident log. */
@Injectable()
export class DossierService {
  constructor(
    @Inject(DossierRepository) private readonly repository: DossierRepository,
    @Inject(ImportsService) private readonly imports: ImportsService,
  ) {}

  async get(importId: string) {
    await this.imports.get(importId);
    const [latest, log] = await Promise.all([this.repository.latest(importId), this.repository.incidentLog(importId)]);
    return view(importId, latest, log);
  }

  async put(importId: string, body: PutDossierBody, caller: Caller) {
    await this.imports.get(importId);
    const { baseVersion, note, ...sections } = body;
    refuseCredentials(sections);
    const current = await this.repository.currentVersion(importId);
    if (baseVersion !== current) throw stale(importId, baseVersion, current);
    const written = await this.repository.insert(importId, baseVersion, sections, caller.handle, caller.role, note ?? null);
    if (!written) throw stale(importId, baseVersion, await this.repository.currentVersion(importId));
    return view(importId, written, await this.repository.incidentLog(importId));
  }

  async versions(importId: string) {
    await this.imports.get(importId);
    return { importId, items: await this.repository.versions(importId) };
  }

  /** `from=0` compares with the empty dossier (what the first version added). */
  async diff(importId: string, query: DiffQuery) {
    await this.imports.get(importId);
    const [from, to] = await Promise.all([query.from === 0 ? { version: 0, sections: EMPTY_DOSSIER } : this.repository.version(importId, query.from), this.repository.version(importId, query.to)]);
    const missing = [!from && query.from, !to && query.to].filter((v): v is number => typeof v === 'number');
    if (missing.length > 0) throw new ApiError(404, 'dossier_version_not_found', `The dossier of import ${importId} has no version ${missing.join(' or ')}`);
    return { importId, ...diffDossiers(from!, to!) };
  }

  /**
   * What the reviewer reads: the dossier version the pending submission carried, against the one the last
   * approved revision carried (the empty dossier before any approval).
   */
  async reviewDiff(importId: string) {
    await this.imports.get(importId);
    await this.repository.markApprovedFromDecisions(importId);
    const [submitted, approved] = await Promise.all([this.repository.lastSubmitted(importId), this.repository.lastApproved(importId)]);
    if (!submitted) return { importId, submittedVersion: null, lastApprovedVersion: approved?.version ?? null, diff: null };
    const base = approved ?? { version: 0, sections: EMPTY_DOSSIER };
    return { importId, submittedVersion: submitted.version, lastApprovedVersion: approved?.version ?? null, diff: diffDossiers(base, submitted) };
  }

  /** Submitting for review needs context, sources, contacts and unusual points ("none" is an answer). Returns the version submitted. */
  async expectComplete(importId: string): Promise<number> {
    const latest = await this.repository.latest(importId);
    const missing = missingDossierSections(latest?.sections ?? null);
    if (missing.length > 0) throw incomplete(importId, missing);
    return latest!.version;
  }

  markApproved = (importId: string, revision: number) => this.repository.markApproved(importId, revision);
}

function view(importId: string, row: DossierVersionRow | null, log: DossierIncidentRow[]) {
  const sections = row?.sections ?? EMPTY_DOSSIER;
  return {
    importId,
    version: row?.version ?? 0,
    author: row?.author ?? null,
    authorRole: row?.authorRole ?? null,
    note: row?.note ?? null,
    updatedAt: row?.createdAt ?? null,
    sections,
    missingSections: missingDossierSections(row ? sections : null),
    html: renderDossier(sections),
    incidentLog: log.map((e) => ({ incidentId: e.incidentId, kind: e.kind, cause: e.cause, fix: e.fix, by: e.by, at: e.at })),
  };
}

function stale(importId: string, base: number, current: number) {
  return new ApiError(409, 'stale_dossier', `The dossier of import ${importId} is at version ${current}, not ${base}: read it again and apply your change to version ${current}`, { baseVersion: base, currentVersion: current });
}

function incomplete(importId: string, missing: RequiredDossierSection[]) {
  const names = missing.map((m) => DOSSIER_SECTION_TITLES[m].toLowerCase());
  return new ApiError(422, 'dossier_incomplete', `The dossier of import ${importId} misses: ${names.join(', ')}. Fill them in (PUT /imports/${importId}/dossier); "none" is an answer`, { missing });
}

/** A dossier names secrets, never holds them: refused (422) with the section and line of each suspect value. */
function refuseCredentials(sections: DossierSections): void {
  const texts: [string, string][] = [
    ['context', sections.context],
    ['sources', sections.sources],
    ['contacts', sections.contacts],
    ...sections.unusualPoints.map((p, i): [string, string] => [`unusualPoints.${i}`, p]),
    ...Object.entries(sections.runBook).map(([k, v]): [string, string] => [`runBook.${k}`, v]),
  ];
  const fields = texts.flatMap(([field, text]) => plainCredentialsInText(text, redact).map((line) => ({ field, message: `line ${line} looks like a credential: name a secret reference instead ({ "$secret": "NAME" })` })));
  if (fields.length > 0) {
    throw new ApiError(422, 'plain_credentials', `Credentials are named by reference, never written in the dossier: ${fields.map((f) => f.field).join(', ')}`, { fields });
  }
}
