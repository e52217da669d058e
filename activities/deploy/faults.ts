import { ApplicationFailure } from '@temporalio/activity';

export const notFound = (message: string) => ApplicationFailure.create({ type: 'DeployNotFound', message, nonRetryable: true });
