import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { DECISION_UPDATES, historyQuery, stateQuery, type DecisionName, type LifecycleState, type RequestOf } from '../../contracts';
import { blockImport, unblockImport } from './blockers';
import { assign, clientDecision, estimate, plan, review, startDevelopment, submitForReview } from './decisions';
import { reassignImport } from './reassign';
import type { Lifecycle } from './context';
import { deployToProduction, revertProduction } from './production';
import { cancelImport, deployToStaging } from './staging';
import { completeHandOff, decideVerification, startMaintenance } from './verification';
import { validateDecision } from './validators';

type Apply<N extends DecisionName> = (lc: Lifecycle, request: RequestOf<N>) => Promise<void>;

/**
 * What each decision of the transitions table does once accepted: typed per decision, so a decision added to the
 * table fails the type check until it has its side effects here. Registered in this order.
 */
const APPLY: { readonly [N in DecisionName]: Apply<N> } = {
  estimate,
  plan,
  assign,
  startDevelopment,
  submitForReview,
  review,
  deployStaging: deployToStaging,
  clientDecision,
  deployProduction: deployToProduction,
  revertProduction,
  verificationDecision: decideVerification,
  completeHandOff,
  startMaintenance,
  cancel: cancelImport,
  block: blockImport,
  unblock: unblockImport,
  reassign: reassignImport,
};

/**
 * Registers every decision of the transitions table as an update: the validator rejects what does not fit
 * (nothing reaches history), the handler runs alone (see Lifecycle.exclusive), checks again, records the decision
 * with its side effects and returns the state.
 */
export function registerHandlers(lc: Lifecycle): void {
  setHandler(stateQuery, () => lc.state);
  setHandler(historyQuery, () => lc.state.history);
  // The cast: TypeScript does not correlate `name` with `APPLY[name]` inside a loop.
  for (const name of Object.keys(APPLY) as DecisionName[]) registerDecision(lc, name, APPLY[name] as Apply<typeof name>);
}

function registerDecision<N extends DecisionName>(lc: Lifecycle, name: N, apply: Apply<N>): void {
  const { state } = lc;
  const check = (request: RequestOf<N>) => validateDecision(name, state, request);
  const update: UpdateDefinition<LifecycleState, [RequestOf<N>]> = DECISION_UPDATES[name];
  setHandler(
    update,
    (request: RequestOf<N>) =>
      lc.exclusive(async () => {
        check(request);
        await apply(lc, request);
        return state;
      }),
    { validator: check },
  );
}
