import { allHandlersFinished, condition, continueAsNew, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS, SEARCH_ATTRIBUTES, type LifecycleInput, type LifecycleState } from '../contracts';
import { initialState, Lifecycle } from './lifecycle/context';
import { registerHandlers } from './lifecycle/handlers';
import { reminderPlan, waitOrRemind } from './lifecycle/reminders';
import { settleProduction } from './lifecycle/production';
import { settleStaging } from './lifecycle/staging';

/** Below this, a fresh run would continue as new again before accepting a single decision. */
const MIN_CONTINUE_AS_NEW_AFTER_EVENTS = 10;

/**
 * The lifecycle of one import, from account management's request onwards. Every human decision is a
 * workflow update (workflows/lifecycle/handlers.ts): its validator rejects what does not fit the current
 * stage (the API answers 409/422), its handler records the decision in Postgres through an activity and
 * returns the new state. This loop does what no one asks for: reminders when a stage waits too long, the
 * outcome of the first staging run and of production deploys, and continue-as-new before the history grows large.
 */
export async function importLifecycle(input: LifecycleInput): Promise<LifecycleState> {
  const carried = input.carried;
  const state: LifecycleState = carried ? { ...carried, continuedAsNew: carried.continuedAsNew + 1 } : initialState(input);
  const lc = new Lifecycle(input, state, { busy: !carried });
  const reminders = reminderPlan(input.reminders);
  const historyLimit = Math.max(MIN_CONTINUE_AS_NEW_AFTER_EVENTS, input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS);
  registerHandlers(lc);

  if (carried) {
    // A new run starts with the search attributes it is given: say where the import stands again.
    upsertSearchAttributes([
      { key: SEARCH_ATTRIBUTES.ImportId, value: state.importId },
      { key: SEARCH_ATTRIBUTES.ClientId, value: state.clientId },
      { key: SEARCH_ATTRIBUTES.Stage, value: state.stage },
      ...(state.assignee ? [{ key: SEARCH_ATTRIBUTES.Assignee, value: state.assignee }] : []),
    ]);
  } else {
    try {
      await lc.decide('requested', input.requestedBy, 'requested', null);
    } finally {
      lc.release();
    }
  }

  // Never while the first staging run or a deploy saga is ours to await: its outcome would be lost with this run.
  const shouldContinueAsNew = () => lc.pendingStaging === null && lc.pendingDeploy === null && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit);

  const cancelled = (): boolean => state.stage === 'cancelled';

  for (;;) {
    if (cancelled()) {
      await condition(allHandlersFinished);
      return state;
    }
    if (lc.pendingStaging?.outcome) {
      await lc.exclusive(() => settleStaging(lc));
      continue;
    }
    if (lc.pendingDeploy?.outcome) {
      await lc.exclusive(() => settleProduction(lc));
      continue;
    }
    if (shouldContinueAsNew()) {
      // Let accepted decisions finish (their callers await the result), then carry the whole state over.
      await condition(allHandlersFinished);
      // A cancel may have been among them.
      if (!cancelled() && shouldContinueAsNew()) {
        const { carried: _previous, ...rest } = input;
        return continueAsNew<typeof importLifecycle>({ ...rest, carried: state });
      }
      continue;
    }
    const entry = state.reminders.entry;
    await waitOrRemind(lc, reminders, () => state.reminders.entry !== entry || Boolean(lc.pendingStaging?.outcome) || Boolean(lc.pendingDeploy?.outcome) || shouldContinueAsNew());
  }
}
