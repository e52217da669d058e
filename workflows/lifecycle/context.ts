import { condition, currentUpdateInfo, upsertSearchAttributes, workflowInfo, type CancellationScope } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES, type Decision, type DecisionKind, type ImportRunResult, type LifecycleInput, type LifecycleStage, type LifecycleState, type ProductionDeployResult } from '../../contracts';
import { recordDecision } from './proxies';

export type StagingOutcome = { kind: 'completed'; result: ImportRunResult } | { kind: 'failed'; type: string; message: string } | { kind: 'cancelled' };

/** The production saga a decision started (deploy-saga.ts), settled by the main loop (production.ts) as the first staging run is. */
export interface PendingDeploy {
  deployId: string;
  kind: 'deploy' | 'revert';
  outcome: ProductionDeployResult | null;
}

/** The first staging run, a child workflow of this run: awaited here, settled by the main loop. */
export interface PendingStaging {
  runWorkflowId: string;
  /** The scope the child was started in: cancelling it cancels the run. */
  scope: CancellationScope;
  outcome: StagingOutcome | null;
  /** Settles (never rejects) when the run has ended. */
  done: Promise<void>;
}

export function initialState(input: LifecycleInput): LifecycleState {
  return {
    importId: input.importId,
    clientId: input.clientId,
    stage: 'requested',
    estimateDays: null,
    history: [],
    plan: null,
    assignee: null,
    submission: null,
    review: null,
    staging: null,
    production: null,
    verification: null,
    handOff: null,
    maintenance: null,
    maintenances: 0,
    reminders: { entry: 1, stage: 'requested', enteredAt: new Date().toISOString(), sent: [] },
    continuedAsNew: 0,
    // Only when set, so states of lifecycles started without it stay as they were.
    ...(input.access ? { access: input.access } : {}),
  };
}

/** The running lifecycle: its state, the one-decision-at-a-time lock, and how a decision is recorded. */
export class Lifecycle {
  /** True while a decision is being applied; the first one (the request itself) holds it from the start. */
  private busy: boolean;
  pendingStaging: PendingStaging | null = null;
  pendingDeploy: PendingDeploy | null = null;

  constructor(
    readonly input: LifecycleInput,
    readonly state: LifecycleState,
    options: { busy: boolean },
  ) {
    this.busy = options.busy;
  }

  release(): void {
    this.busy = false;
  }

  /** Decisions are applied one at a time, in arrival order. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }

  /**
   * Records a decision in Postgres (idempotent under its id: the update id, else `key`; `ownKey` when an update
   * records a second decision, e.g. a re-verification's outcome), then in the state; a new stage updates the
   * `Stage` search attribute and starts that stage's reminders.
   */
  async decide(kind: DecisionKind, actor: string, to: LifecycleStage, comment: string | null, options: { data?: Record<string, unknown>; key?: string; ownKey?: boolean } = {}): Promise<void> {
    const suffix = options.ownKey && options.key ? options.key : (currentUpdateInfo()?.id ?? options.key ?? kind);
    const id = `${workflowInfo().workflowId}/${suffix}`;
    const decision: Decision = { id, kind, actor, from: kind === 'requested' ? null : this.state.stage, to, comment, at: new Date().toISOString() };
    await recordDecision({ importId: this.input.importId, decision, data: options.data ?? null });
    this.state.history.push(decision);
    if (this.state.stage !== to) {
      this.state.stage = to;
      upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.Stage, value: to }]);
      this.restartReminders();
    }
  }

  /** A new stage entry for reminders: the clock starts again and nothing is sent yet. */
  restartReminders(): void {
    this.state.reminders = { entry: this.state.reminders.entry + 1, stage: this.state.stage, enteredAt: new Date().toISOString(), sent: [] };
  }

  setAssignee(assignee: string): void {
    if (this.state.assignee === assignee) return;
    this.state.assignee = assignee;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.Assignee, value: assignee }]);
  }
}
