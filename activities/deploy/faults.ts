import type { DeployStep, ProductionDeployInput } from '../../contracts';
import { Failure, failure } from '../../contracts/failures';

/** TEST ONLY (see ProductionDeployInput.faults): fails the step once its effect is done. */
export function injectFault(faults: ProductionDeployInput['faults'], step: DeployStep): void {
  if (faults?.failAt === step) {
    throw failure(Failure.InjectedFault, `fault injected at step "${step}"`);
  }
}

export const notFound = (message: string) => failure(Failure.DeployNotFound, message);
