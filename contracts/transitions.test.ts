import { describe, expect, it } from 'vitest';
import { MEMBER_ROLES } from './access';
import { DECISION_KINDS, LIFECYCLE_STAGES, type LifecycleStage } from './lifecycle';
import * as decisions from './decisions';
import { availableDecisions, DECISION_ROLES, DECISION_UPDATES, requestBody, stageRefusal } from './decisions';
import { DECISION_NAMES, SYSTEM_TRANSITIONS, TRANSITIONS, type DecisionState } from './transitions';

const targets = (to: LifecycleStage | 'same' | readonly LifecycleStage[], from: LifecycleStage): readonly LifecycleStage[] => (to === 'same' ? [from] : typeof to === 'string' ? [to] : to);

describe('the transitions table', () => {
  it('names existing stages, kinds and roles, and one workflow update per decision', () => {
    const updates = (Object.values(decisions) as unknown[]).filter((v): v is { type: 'update'; name: string } => typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'update');
    expect(updates.map((u) => u.name).sort()).toEqual([...DECISION_NAMES].sort());
    expect(updates.every((u) => DECISION_UPDATES[u.name as keyof typeof DECISION_UPDATES] === u)).toBe(true);
    for (const name of DECISION_NAMES) {
      const t = TRANSITIONS[name];
      expect(t.update, name).toBe(name);
      expect(t.from.length, name).toBeGreaterThan(0);
      expect(t.from.every((s) => LIFECYCLE_STAGES.includes(s)), name).toBe(true);
      expect(targets(t.to, t.from[0]!).every((s) => LIFECYCLE_STAGES.includes(s)), name).toBe(true);
      expect(DECISION_KINDS, name).toContain(t.kind);
      expect(t.roles.every((r) => MEMBER_ROLES.includes(r)), name).toBe(true);
      expect(DECISION_ROLES[name]).toBe(t.roles);
    }
    for (const s of SYSTEM_TRANSITIONS) expect([...s.from, ...s.to].every((stage) => LIFECYCLE_STAGES.includes(stage)), s.kind).toBe(true);
    expect(new Set(DECISION_NAMES.map((n) => TRANSITIONS[n].route)).size).toBe(DECISION_NAMES.length);
  });

  it('reaches every stage from the request, and every stage but cancelled leads on', () => {
    const edges = [
      ...DECISION_NAMES.flatMap((n) => TRANSITIONS[n].from.map((from) => [from, targets(TRANSITIONS[n].to, from)] as const)),
      ...SYSTEM_TRANSITIONS.flatMap((s) => s.from.map((from) => [from, s.to] as const)),
    ];
    const reached = new Set<LifecycleStage>(['requested']);
    for (let grown = true; grown; ) {
      grown = false;
      for (const [from, to] of edges) for (const stage of to) if (reached.has(from) && !reached.has(stage)) grown = reached.add(stage) !== undefined;
    }
    expect([...reached].sort()).toEqual([...LIFECYCLE_STAGES].sort());
    const leaving = new Set(edges.filter(([from, to]) => to.some((s) => s !== from)).map(([from]) => from));
    expect(LIFECYCLE_STAGES.filter((s) => !leaving.has(s))).toEqual(['cancelled']);
  });

  it('refuses out of stage with the reason, then what else the state must hold', () => {
    expect(stageRefusal('assign', { stage: 'requested' })).toBe('An assignment is accepted in stage "planned" or "assigned", not "requested"');
    expect(stageRefusal('cancel', { stage: 'live' })).toMatch(/a live import is retired, not cancelled$/);
    const review: DecisionState = { stage: 'in_review', submission: { revision: 1, by: 'dev.ana' } as DecisionState['submission'], review: null };
    expect(stageRefusal('deployStaging', review)).toBe('A staging deploy needs an approved review: revision 1 is awaiting review');
    expect(stageRefusal('review', review)).toBeNull();
  });

  it('answers what each role may do now', () => {
    expect(availableDecisions('requested', 'developer')).toEqual(['estimate', 'block', 'unblock']);
    expect(availableDecisions('requested', 'account_manager')).toEqual(['cancel', 'block', 'unblock']);
    expect(availableDecisions('estimated', 'lead')).toEqual(['plan', 'cancel', 'block', 'unblock', 'reassign']);
    expect(availableDecisions('estimated', 'lead', { state: { stage: 'estimated', assignee: null, blocker: null } })).toEqual(['plan', 'cancel', 'block']);
    expect(availableDecisions('live', 'ops')).toEqual(['revertProduction', 'startMaintenance']);
    // With the workflow's state: not blocked → no unblock; the assignee only; never one's own review.
    const state: DecisionState = { stage: 'assigned', assignee: 'dev.ana', blocker: null };
    expect(availableDecisions('assigned', 'developer', { state, actor: 'dev.ana' })).toEqual(['startDevelopment', 'block']);
    expect(availableDecisions('assigned', 'developer', { state, actor: 'dev.bob' })).toEqual([]);
    const inReview: DecisionState = { stage: 'in_review', assignee: 'dev.ana', submission: { revision: 2, by: 'dev.ana' } as DecisionState['submission'], review: null, blocker: null };
    expect(availableDecisions('in_review', 'developer', { state: inReview, actor: 'dev.bob' })).toEqual(['review']);
    expect(availableDecisions('in_review', 'developer', { state: inReview, actor: 'dev.ana' })).toEqual(['block']);
    expect(availableDecisions('cancelled', 'lead')).toEqual(['unblock']);
    expect(availableDecisions('cancelled', 'lead', { state: { stage: 'cancelled', blocker: null } })).toEqual([]);
  });

  it('derives the API body: the actor optional, unknown fields and the role refused', () => {
    const plan = requestBody(TRANSITIONS.plan);
    expect(plan.safeParse({ priority: 2, wantedDate: '2027-01-15' }).success).toBe(true);
    expect(plan.safeParse({ priority: 2, wantedDate: '2027-01-15', role: 'lead' }).success).toBe(false);
    expect(plan.safeParse({ priority: 6, wantedDate: '2027-01-15' }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['priority: must be an integer from 1 (highest) to 5']);
    expect(plan.safeParse({ priority: 1, wantedDate: '2027-02-30' }).error?.issues.map((i) => i.message)).toEqual(['must be a date as YYYY-MM-DD']);
    expect(requestBody(TRANSITIONS.estimate).safeParse({ days: 2 }).success).toBe(true);
    expect(TRANSITIONS.plan.request.safeParse({ priority: 1, wantedDate: '2027-01-15' }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['by: required (the lead who plans)']);
  });
});
