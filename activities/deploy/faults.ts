import { ApplicationFailure } from '@temporalio/activity';
import type { DeployStep, ProductionDeployInput } from '../../contracts';

/** TEST ONLY (see ProductionDeployInput.faults): fails the step once its effect is done. */
export function injectFault(faults: ProductionDeployInput['faults'], step: DeployStep): void {
  if (faults?.failAt === step) {
    throw ApplicationFailure.create({ type: 'InjectedFault', message: `fault injected at step "${step}"`, nonRetryable: true });
  }
}

export const notFound = (message: string) => ApplicationFailure.create({ type: 'DeployNotFound', message, nonRetryable: true });
