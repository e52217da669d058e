import { Failure, failure } from '../../contracts/failures';

export const notFound = (message: string) => failure(Failure.DeployNotFound, message);
