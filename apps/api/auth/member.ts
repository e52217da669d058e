import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { EnvironmentName, LifecycleStage, MemberRole } from '../../../contracts';
import { ApiError } from '../common/api-error';

/** The member a request acts as: set by the AuthGuard from the API key. */
export interface Caller {
  handle: string;
  role: MemberRole;
  keyId: string;
}

/** What a request acts on, when its rule depends on it (set by the AuthGuard; the audit row takes its import id). */
export interface RequestScope {
  importId: string;
  environment: EnvironmentName | null;
  stage: LifecycleStage;
}

export type AuthenticatedRequest = Request & { caller?: Caller; scope?: RequestScope };

/** Controller parameter: the authenticated caller (the AuthGuard ran before, so it is always there). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new ApiError(401, 'unauthenticated', 'This route needs an API key (Authorization: Bearer <key>)');
  return caller;
});

/**
 * The actor of a decision is the caller. Bodies may still name it (`by`, `estimator`, `requestedBy`) for
 * clarity; a different name is refused rather than silently replaced.
 */
export function actorOf(caller: Caller, claimed: string | undefined, field = 'by'): string {
  if (claimed !== undefined && claimed !== caller.handle) {
    throw new ApiError(403, 'actor_mismatch', `${field}: "${claimed}" is not the caller; this key belongs to "${caller.handle}", and decisions are recorded under the key's member`, {
      fields: [{ field, message: `must be "${caller.handle}" (or left out)` }],
    });
  }
  return caller.handle;
}
