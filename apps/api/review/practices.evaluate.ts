import { checksConfigSchema } from '../../../importers/sdk/checks-config';
import { missingDossierSections, type DossierSections, type ImporterSubmission, type PracticeResult, type ReviewPracticeId } from '../../../contracts';
import { plainCredentials } from '../../../importers/config-check';
import { DEFAULT_FETCH_POLICY } from '../../../importers/sdk/fetch-policy';

/** What the automatic practices are judged on: the submission and the dossier version it carries. */
export interface SubmissionFacts {
  submission: Pick<ImporterSubmission, 'config' | 'checks' | 'fetchPolicy' | 'schedule'>;
  dossier: { version: number; sections: DossierSections } | null;
  /** The dossier version the last approved revision carried (null before any approval). */
  lastApprovedDossierVersion: number | null;
}

/** Politeness bounds (the polite_fetch_policy practice): per host, and for one whole fetch. */
export const POLITE = { perHostConcurrency: 4, totalTimeoutMs: 120_000 } as const;

const pass = (message: string, figures: PracticeResult['figures']): PracticeResult => ({ status: 'pass', message, figures });
const fail = (message: string, figures: PracticeResult['figures']): PracticeResult => ({ status: 'fail', message, figures });

/** The platform's verdict on each automatic practice, with the figures it read. Pure. */
export function evaluatePractices(facts: SubmissionFacts): Partial<Record<ReviewPracticeId, PracticeResult>> {
  const { submission, dossier } = facts;
  const parsed = checksConfigSchema.safeParse(submission.checks ?? {});
  const checks = parsed.success ? parsed.data : null;
  const invalid = parsed.success ? null : fail(`the checks configuration is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {});
  const policy = { ...DEFAULT_FETCH_POLICY, ...(submission.fetchPolicy as Partial<typeof DEFAULT_FETCH_POLICY>) };
  const secrets = plainCredentials(submission.config);
  const floors = checks ? Object.keys(checks.fieldCoverage.minimums) : [];
  const runBook = Object.keys(dossier?.sections.runBook ?? {});
  const missing = missingDossierSections(dossier?.sections ?? null);
  const changed = dossier !== null && (facts.lastApprovedDossierVersion === null || dossier.version > facts.lastApprovedDossierVersion);

  return {
    expected_count_check:
      invalid ??
      (checks!.minimumCount.severity === 'fail'
        ? pass(`minimum count on: at least ${checks!.minimumCount.min} job(s)${checks!.minimumCount.allowEmpty ? ', empty allowed' : ''}`, { severity: 'fail', min: checks!.minimumCount.min, allowEmpty: checks!.minimumCount.allowEmpty })
        : fail(`minimum count is "${checks!.minimumCount.severity}", not "fail"`, { severity: checks!.minimumCount.severity, min: checks!.minimumCount.min, allowEmpty: checks!.minimumCount.allowEmpty })),
    count_drop_check:
      invalid ??
      (checks!.countDrop.severity === 'fail'
        ? pass(`count drop on: more than ${Math.round(checks!.countDrop.maxDropRatio * 100)} % below the median of ${checks!.countDrop.window} runs is quarantined`, { severity: 'fail', maxDropRatio: checks!.countDrop.maxDropRatio })
        : fail(`count drop is "${checks!.countDrop.severity}", not "fail"`, { severity: checks!.countDrop.severity, maxDropRatio: checks!.countDrop.maxDropRatio })),
    field_coverage_floors:
      invalid ??
      (floors.length > 0 && checks!.fieldCoverage.severity !== 'off'
        ? pass(`coverage floors on ${floors.join(', ')}`, { floors: floors.length })
        : fail('no coverage floor: set checks.fieldCoverage.minimums for the fields the client relies on', { floors: floors.length, severity: checks!.fieldCoverage.severity })),
    polite_fetch_policy:
      policy.perHostConcurrency <= POLITE.perHostConcurrency && policy.totalTimeoutMs <= POLITE.totalTimeoutMs
        ? pass(`${policy.perHostConcurrency} request(s) per host, ${policy.totalTimeoutMs} ms per fetch`, { perHostConcurrency: policy.perHostConcurrency, totalTimeoutMs: policy.totalTimeoutMs })
        : fail(`${policy.perHostConcurrency} request(s) per host (at most ${POLITE.perHostConcurrency}), ${policy.totalTimeoutMs} ms per fetch (at most ${POLITE.totalTimeoutMs})`, {
            perHostConcurrency: policy.perHostConcurrency,
            totalTimeoutMs: policy.totalTimeoutMs,
          }),
    // Private addresses are a platform setting (FETCH_ALLOW_PRIVATE): a submission still asking for them per import is a smell.
    no_private_addresses: privateAsked(submission.fetchPolicy) ? fail('fetchPolicy asks for private addresses, which only ops allow (FETCH_ALLOW_PRIVATE)', { allowPrivateAddresses: true }) : pass('private addresses left to the platform allowlist', { allowPrivateAddresses: false }),
    no_secret_in_config: secrets.length === 0 ? pass('no plain credential in the configuration', { plainCredentials: 0 }) : fail(`plain credentials at ${secrets.map((p) => `config.${p}`).join(', ')}`, { plainCredentials: secrets.length }),
    schedule_agreed: submission.schedule ? pass(`schedule ${submission.schedule} (UTC)`, { schedule: submission.schedule }) : fail("no schedule: the importer's default would run; state the agreed one", { schedule: null }),
    dossier_updated:
      missing.length === 0 && changed
        ? pass(`dossier version ${dossier!.version}${facts.lastApprovedDossierVersion === null ? ' (first review)' : `, changed since the approved version ${facts.lastApprovedDossierVersion}`}`, {
            version: dossier!.version,
            lastApproved: facts.lastApprovedDossierVersion,
          })
        : fail(missing.length > 0 ? `dossier misses ${missing.join(', ')}` : `dossier unchanged since the approved version ${facts.lastApprovedDossierVersion}`, { version: dossier?.version ?? 0, lastApproved: facts.lastApprovedDossierVersion }),
    run_book_written: runBook.length > 0 ? pass(`run book for ${runBook.join(', ')}`, { entries: runBook.length }) : fail('the run book is empty', { entries: 0 }),
  };
}


function privateAsked(fetchPolicy: unknown): boolean {
  if (!fetchPolicy || typeof fetchPolicy !== 'object') return false;
  const asked = fetchPolicy as Record<string, unknown>;
  return asked.allowPrivateAddresses === true || (Array.isArray(asked.allowPrivate) && asked.allowPrivate.length > 0);
}
