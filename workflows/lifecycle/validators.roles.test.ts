import { describe, expect, it } from 'vitest';
import * as contracts from '../../contracts/decisions';
import { DECISION_ROLES, type LifecycleState } from '../../contracts';
import { checkRole, validateDecision } from './validators';

const state = (access?: 'roles'): LifecycleState =>
  ({
    stage: 'in_review',
    submission: { revision: 1, by: 'dev.alice' },
    review: null,
    ...(access ? { access } : {}),
  }) as unknown as LifecycleState;

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    const failure = err as { type?: string; message: string };
    return [failure.type, failure.message];
  }
  return null;
};

describe('the lifecycle role check', () => {
  it('refuses a missing or wrong role on lifecycles started with access: roles', () => {
    expect(refusal(() => checkRole('review', state('roles'), { by: 'dev.bruno' }))).toEqual(['RoleRefused', 'role: required (the sender\'s role; review is sent by "developer")']);
    expect(refusal(() => checkRole('deployProduction', state('roles'), { by: 'dev.bruno', role: 'developer' }))).toEqual(['RoleRefused', 'role: deployProduction is sent by "lead" or "ops", not "developer"']);
    expect(refusal(() => checkRole('deployProduction', state('roles'), { by: 'ops.marc', role: 'ops' }))).toBeNull();
    expect(refusal(() => checkRole('somethingNew', state('roles'), { role: 'lead' }))).toEqual(['RoleRefused', 'somethingNew: no role may send this decision (it is missing from DECISION_ROLES)']);
  });

  it('checks only a role that is sent on lifecycles started before roles existed', () => {
    expect(refusal(() => checkRole('review', state(), { by: 'dev.bruno' }))).toBeNull();
    expect(refusal(() => checkRole('review', state(), { by: 'am.claire', role: 'account_manager' }))).toEqual(['RoleRefused', 'role: review is sent by "developer", not "account_manager"']);
  });

  it('runs first in the validators: the role, then four eyes', () => {
    expect(refusal(() => validateDecision('review', state('roles'), { by: 'dev.alice', decision: 'approve' }))?.[0]).toBe('RoleRefused');
    expect(refusal(() => validateDecision('review', state('roles'), { by: 'dev.alice', role: 'developer', decision: 'approve' }))).toEqual(['InvalidDecision', 'a developer cannot review their own work: dev.alice is the author of revision 1']);
    expect(refusal(() => validateDecision('review', state('roles'), { by: 'dev.bruno', role: 'developer', decision: 'approve' }))).toBeNull();
  });

  it('has a rule for every lifecycle update', () => {
    const updates = (Object.values(contracts) as unknown[])
      .filter((v): v is { type: 'update'; name: string } => typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'update')
      .map((u) => u.name);
    expect(updates.length).toBeGreaterThan(10);
    expect(updates.filter((name) => !(name in DECISION_ROLES))).toEqual([]);
  });
});
