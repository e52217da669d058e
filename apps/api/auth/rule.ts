import type { EnvironmentName, LifecycleStage, MemberRole } from '../../../contracts';

/**
 * One entry of the permission table (./permissions.ts), apart from it because the console's routes
 * (../console/routes.ts) describe theirs and the table includes them.
 *
 * - `public`: no key (liveness, readiness, the client preview pages — they check their own token).
 * - `roles`: members with one of these roles; `self` names a path parameter holding a member's handle: that
 *   member may call it too (their own API keys).
 */
export type Rule = { public: string } | RoleRule;
export interface RoleRule {
  roles: readonly MemberRole[];
  self?: string;
  /**
   * The rule per environment, for routes that act on one: the environment is the `:env` path parameter, or
   * (`from: 'run'`) the environment of the run `:runId`. `roles` above is then the union of the environments'
   * roles (what OpenAPI shows); the guard applies the environment's own rule.
   */
  environments?: { from: 'path' | 'run' } & Record<EnvironmentName, EnvironmentRule>;
}

/**
 * One environment's rule: who may call the route there, and in which lifecycle stages it makes sense (`stages`:
 * refused with 409 `wrong_stage` in the others), or `refused`: nobody may, and the answer (409) names the
 * route to use instead.
 */
export type EnvironmentRule =
  | { roles: readonly MemberRole[]; stages?: { in: readonly LifecycleStage[]; why: string } }
  | { refused: { code: string; message: string; use: readonly string[] } };
