import type { Client } from '@temporalio/client';
import type { DeployStep, DeploySource } from '../../contracts';
import type { Database } from '../../db/client';
import { finishSnapshot, insertDeployAlertOnce, liveAndPreviousVersion, markStep } from '../../db/queries/deploys';
import { temporalUiWorkflowUrl } from '../../platform/config';
import { redactDeep } from '../../platform/redact';
import { compensateStep } from './compensate';
import { takeSnapshot } from './snapshot';
import { ensurePausedSchedule, goLive, promote, verifyRun } from './steps';
import { Failure, failure } from '../../contracts/failures';

export interface DeployActivityDeps {
  db: Database;
  temporal?: Client | undefined;
  links: { temporalUiUrl: string; namespace: string };
}

interface StepInput {
  deployId: string;
  importId: string;
}

/** Activities of the production deploy saga (workflows/production-deploy.ts); each is keyed by the deploy id. */
export function createDeployActivities(deps: DeployActivityDeps) {
  const { db } = deps;
  const temporal = (): Client => {
    if (deps.temporal) return deps.temporal;
    throw failure(Failure.TemporalClientMissing, 'The worker was started without a Temporal client: production schedules cannot be managed');
  };

  return {
    /** 1. What production is before anything changes: config row, schedule, jobs, version statuses. */
    async deploySnapshot(input: StepInput & { kind: 'deploy' | 'revert' }) {
      return takeSnapshot(db, temporal(), input);
    },

    /** 2. Production data: jobs live per import and environment, so there is nothing to create; recorded. */
    async deploySetup(input: StepInput) {
      await markStep(db, input.deployId, 'setup', { environment: 'production' });
    },

    /** 3. The configuration to production, and a new `import_versions` row. */
    async deployPromote(input: StepInput & { by: string; source: DeploySource }) {
      return promote(db, input);
    },

    /** 4. The production schedule, paused. */
    async deploySchedule(input: StepInput & { taskQueue: string }) {
      return ensurePausedSchedule(db, temporal(), input);
    },

    /** 5. Records the first production run (a child workflow of the saga) once it has ended. */
    async deployRecordRun(input: StepInput & { runId: string | null; runWorkflowId: string }) {
      await markStep(db, input.deployId, 'run', { runId: input.runId, runWorkflowId: input.runWorkflowId });
    },

    /** 6. The run applied, no check failed, production's size matches staging's. */
    async deployVerify(input: StepInput & { runId: string }) {
      const verification = await verifyRun(db, input);
      await markStep(db, input.deployId, 'verify', verification);
      if (!verification.ok) throw failure(Failure.VerificationFailed, verification.problems.join('; '), verification);
      return verification;
    },

    /** 7. The schedule runs, the new version is the live one, the deploy is complete. */
    async deployUnpause(input: StepInput) {
      await goLive(db, temporal(), input);
      await finishSnapshot(db, input.deployId, 'completed');
    },

    async deployCompensate(input: { deployId: string; step: DeployStep }) {
      await compensateStep(db, temporal(), input);
    },

    /** The incident: a `deploy_failed` alert, once per deploy. */
    async deployIncident(input: DeployIncidentInput) {
      const alertId = await insertDeployAlertOnce(db, deployFailedAlert(input, deps.links));
      return { alertId };
    },

    /** The live version's predecessor: what a revert restores. */
    async previousVersion(input: { importId: string }): Promise<{ live: number; previous: number } | null> {
      const versions = await liveAndPreviousVersion(db, input.importId);
      return versions?.previous != null ? { live: versions.live, previous: versions.previous } : null;
    },
  };
}

interface DeployIncidentInput {
  deployId: string;
  importId: string;
  workflowId: string;
  step: DeployStep;
  error: { type: string; message: string };
  compensated: DeployStep[];
}

/** The `deploy_failed` alert of a deploy, redacted (the error message may quote a configuration). */
function deployFailedAlert(input: DeployIncidentInput, links: DeployActivityDeps['links']) {
  return redactDeep({
    importId: input.importId,
    environment: 'production' as const,
    kind: 'deploy_failed' as const,
    summary: summary(input),
    context: {
      deployId: input.deployId,
      step: input.step,
      error: input.error,
      compensated: input.compensated,
      links: { temporalUi: temporalUiWorkflowUrl(links.temporalUiUrl, links.namespace, input.workflowId) },
    },
  });
}

// The deploy id is in the summary: one alert per failed deploy, however often the activity is retried.
const summary = (input: { deployId: string; step: DeployStep; error: { type: string } }) => `Production deploy ${input.deployId} failed at step "${input.step}" (${input.error.type}); production was restored`;

export type DeployActivities = ReturnType<typeof createDeployActivities>;
