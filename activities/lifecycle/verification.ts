import type { Database } from '../../db/client';
import { findSnapshot, openJobCount } from '../../db/queries/deploys';
import { findRunStatus, insertAlertOnceByKey } from '../../db/queries/lifecycle';
import { temporalUiWorkflowUrl } from '../../platform/config';
import { redactDeep } from '../../platform/redact';

export interface VerifyProductionInput {
  importId: string;
  deployId: string;
  /** 1, 2, … : part of the alert's key, so each failed attempt raises one alert however often it is retried. */
  attempt: number;
  tolerance: number;
  /** The lifecycle's workflow id, for the alert's Temporal UI link. */
  workflowId: string;
}

export interface ProductionVerification {
  ok: boolean;
  openProduction: number;
  openStaging: number;
  tolerance: number;
  firstRun: { runId: string | null; status: string | null; failedChecks: string[] };
  problems: string[];
  alertId: number | null;
}

export interface VerificationDeps {
  db: Database;
  links?: { temporalUiUrl: string; namespace: string } | undefined;
}

/**
 * The post-deploy checks, on production data as it is now: the deploy's first production run applied with no
 * failing check, and production's open jobs within `tolerance` of staging's open jobs. A failure writes a
 * `verification_failed` alert with the figures (once per deploy and attempt).
 */
export async function verifyProduction(deps: VerificationDeps, input: VerifyProductionInput): Promise<ProductionVerification> {
  const { db } = deps;
  const problems: string[] = [];
  const deploy = await findSnapshot(db, input.deployId);
  const runId = (deploy?.steps.run as { runId?: string | null } | undefined)?.runId ?? null;
  const run = runId ? await findRunStatus(db, runId) : undefined;
  const failedChecks = ((run?.checks ?? []) as { check?: string; status?: string }[]).filter((c) => c.status === 'fail').map((c) => String(c.check));
  if (!run) problems.push(`deploy ${input.deployId} has no first production run recorded`);
  else if (run.status !== 'applied') problems.push(`the first production run ${runId} is ${run.status}, not applied`);
  if (failedChecks.length > 0) problems.push(`the first production run failed checks: ${failedChecks.join(', ')}`);

  const openProduction = await openJobCount(db, input.importId, 'production');
  const openStaging = await openJobCount(db, input.importId, 'staging');
  const allowed = input.tolerance * openStaging;
  if (openProduction === 0) problems.push('production has no open job');
  if (Math.abs(openProduction - openStaging) > allowed) {
    problems.push(`production has ${openProduction} open jobs, staging ${openStaging}: ${Math.abs(openProduction - openStaging)} apart, more than ±${Math.round(input.tolerance * 100)} % (${allowed.toFixed(1)})`);
  }
  const result: ProductionVerification = {
    ok: problems.length === 0,
    openProduction,
    openStaging,
    tolerance: input.tolerance,
    firstRun: { runId, status: run?.status ?? null, failedChecks },
    problems,
    alertId: null,
  };
  if (result.ok) return result;

  const summary = `Post-deploy verification of ${input.deployId} failed (attempt ${input.attempt}): ${problems.join('; ')}`;
  const key = `${input.deployId}/${input.attempt}`;
  const alertId = await insertAlertOnceByKey(
    db,
    key,
    redactDeep({
      importId: input.importId,
      runId,
      environment: 'production' as const,
      kind: 'verification_failed' as const,
      summary,
      context: {
        key,
        deployId: input.deployId,
        attempt: input.attempt,
        openProduction,
        openStaging,
        tolerance: input.tolerance,
        firstRun: result.firstRun,
        problems,
        links: deps.links ? { temporalUi: temporalUiWorkflowUrl(deps.links.temporalUiUrl, deps.links.namespace, input.workflowId) } : {},
      },
    }),
  );
  return { ...result, alertId };
}
