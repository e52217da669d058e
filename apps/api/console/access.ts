import type { EnvironmentName, LifecycleStage, MemberRole } from '../../../contracts';
import { environmentRule, PERMISSIONS } from '../auth/permissions';

/**
 * What a role may do, read from THE permission table (apps/api/auth/permissions.ts): the console shows a form only
 * when the API route it stands for would let the caller through, and its own POST routes carry the same rules (see
 * `consoleRules`), so what the page offers and what the guard accepts cannot drift apart.
 */
export function mayCall(role: MemberRole, route: string, scope: { environment?: EnvironmentName | null; stage?: LifecycleStage } = {}): boolean {
  const rule = PERMISSIONS[route];
  if (!rule) return false;
  if ('public' in rule) return true;
  const envRule = rule.environments ? environmentRule(rule, scope.environment ?? null) : null;
  if (!envRule) return rule.roles.includes(role);
  if ('refused' in envRule) return false;
  if (!envRule.roles.includes(role)) return false;
  return !envRule.stages || !scope.stage || envRule.stages.in.includes(scope.stage);
}
