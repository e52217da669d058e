import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { DeployStep } from '../../contracts';

/**
 * Fault injection into the production deploy saga, registered by the test workers only (test/support/stack.ts,
 * incidents.ts): a deploy marked with `failDeployAt` has the activity of that step throw a non-retryable
 * `InjectedFault` once its effect is done, so that tests can prove each compensation. Production inputs carry
 * nothing of it.
 */
const STEP_OF_ACTIVITY: Record<string, DeployStep> = {
  deploySnapshot: 'snapshot',
  deploySetup: 'setup',
  deployPromote: 'promote',
  deploySchedule: 'schedule',
  deployRecordRun: 'run',
  deployVerify: 'verify',
  deployUnpause: 'unpause',
};

const failAt = new Map<string, DeployStep>();

/** The deploy `deployId` fails at `step` (after the step's effect), until the test process ends. */
export function failDeployAt(deployId: string, step: DeployStep): void {
  failAt.set(deployId, step);
}

export const deployFaults: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const result = await next(input);
      const step = STEP_OF_ACTIVITY[ctx.info.activityType];
      const deployId = (input.args[0] as { deployId?: unknown } | undefined)?.deployId;
      if (step && typeof deployId === 'string' && failAt.get(deployId) === step) {
        throw ApplicationFailure.create({ type: 'InjectedFault', message: `fault injected at step "${step}"`, nonRetryable: true });
      }
      return result;
    },
  },
});
