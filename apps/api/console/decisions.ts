import { BLOCKER_KINDS, HAND_OFF_ITEMS, type LifecycleStage, type MemberRole } from '../../../contracts';
import { availableDecisions, TRANSITIONS, type DecisionState } from '../../../contracts/transitions';
import { mayCall } from './access';
import type { FieldSpec } from './views/ui';

/**
 * One decision as a console form: the API route it acts through (`POST /imports/:id/<action>`: its rule in the
 * permission table decides who sees it), its fields (named as the API's request body, so the API's field errors
 * land beside them) and how a posted form becomes that body. Which forms an import shows now is read from the
 * lifecycle's transitions table (contracts/transitions.ts): stages, roles, assignee and author rules, the state's
 * preconditions — the same table the workflow validates with.
 */
export interface DecisionForm {
  action: string;
  title: string;
  route: string;
  fields: FieldSpec[];
  submit: string;
  /** Forms that are no lifecycle decision (the client link): the stages they are offered in. */
  stages?: readonly LifecycleStage[];
}

const comment: FieldSpec = { name: 'comment', label: 'Comment', type: 'textarea' };

export const DECISION_FORMS: readonly DecisionForm[] = [
  { action: 'estimate', title: 'Estimate', route: 'POST /imports/:id/estimate', submit: 'Estimate', fields: [{ name: 'days', label: 'Working days', type: 'number', step: '0.5', min: 0.5, required: true }, comment] },
  {
    action: 'plan',
    title: 'Plan',
    route: 'POST /imports/:id/plan',
    submit: 'Plan',
    fields: [{ name: 'priority', label: 'Priority (1 highest)', type: 'select', options: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v })) }, { name: 'wantedDate', label: 'Wanted date', type: 'date', required: true }, comment],
  },
  { action: 'assign', title: 'Assign a developer', route: 'POST /imports/:id/assign', submit: 'Assign', fields: [{ name: 'assignee', label: 'Developer', type: 'select' }, comment] },
  { action: 'start-development', title: 'Start development', route: 'POST /imports/:id/start-development', submit: 'Start', fields: [comment] },
  {
    action: 'submit-review',
    title: 'Submit for review',
    route: 'POST /imports/:id/submit-review',
    submit: 'Submit for review',
    fields: [
      { name: 'version', label: 'Code version', required: true, hint: 'a commit or a tag' },
      { name: 'importerKey', label: 'Importer', required: true },
      { name: 'config', label: 'Configuration (JSON)', type: 'textarea', required: true, hint: 'secrets as {"$secret": "NAME"}' },
      { name: 'fetchPolicy', label: 'Fetch policy (JSON)', type: 'textarea' },
      { name: 'schedule', label: 'Schedule (cron, UTC)', hint: 'e.g. 0 6 * * *' },
      comment,
    ],
  },
  {
    action: 'review',
    title: 'Review',
    route: 'POST /imports/:id/review',
    submit: 'Send the review',
    fields: [{ name: 'decision', label: 'Decision', type: 'select', options: [{ value: 'approve', label: 'Approve' }, { value: 'request_changes', label: 'Request changes' }] }, { name: 'comments', label: 'Comments', type: 'textarea' }],
  },
  { action: 'deploy-staging', title: 'Deploy to staging', route: 'POST /imports/:id/deploy-staging', submit: 'Deploy to staging', fields: [comment] },
  { action: 'preview-links', title: 'Send the client link', route: 'POST /imports/:id/preview-links', stages: ['client_validation'], submit: 'Create the link', fields: [{ name: 'contact', label: 'Client contact (e-mail)', type: 'email', required: true }] },
  {
    action: 'client-decision',
    title: "Record the client's decision",
    route: 'POST /imports/:id/client-decision',
    submit: 'Record',
    fields: [{ name: 'decision', label: 'Decision', type: 'select', options: [{ value: 'validate', label: 'Validated' }, { value: 'feedback', label: 'Feedback (back to development)' }] }, { name: 'comments', label: 'Comments', type: 'textarea' }],
  },
  { action: 'deploy-production', title: 'Deploy to production', route: 'POST /imports/:id/deploy-production', submit: 'Deploy to production', fields: [comment] },
  {
    action: 'verification-decision',
    title: 'After a failed verification',
    route: 'POST /imports/:id/verification-decision',
    submit: 'Decide',
    fields: [{ name: 'decision', label: 'Decision', type: 'select', options: [{ value: 'reverify', label: 'Check again' }, { value: 'revert', label: 'Revert' }] }, comment],
  },
  {
    action: 'complete-hand-off',
    title: 'Hand-off checklist',
    route: 'POST /imports/:id/complete-hand-off',
    submit: 'Complete the hand-off',
    fields: [...Object.entries(HAND_OFF_ITEMS).map(([name, label]) => ({ name, label: String(label), type: 'checkbox' as const })), comment],
  },
  {
    action: 'start-maintenance',
    title: 'Start a maintenance fix',
    route: 'POST /imports/:id/start-maintenance',
    submit: 'Start the fix',
    fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }, { name: 'clientValidation', label: 'Needs client validation', type: 'checkbox' }],
  },
  { action: 'revert-production', title: 'Revert production', route: 'POST /imports/:id/revert-production', submit: 'Revert', fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }] },
  {
    action: 'block',
    title: 'Mark blocked',
    route: 'POST /imports/:id/block',
    submit: 'Block',
    fields: [{ name: 'kind', label: 'Kind', type: 'select', options: BLOCKER_KINDS.map((k) => ({ value: k, label: k.replace(/_/g, ' ') })) }, { name: 'reason', label: 'Reason', type: 'textarea', required: true }, { name: 'waitingOn', label: 'Waiting on', required: true, hint: 'a member, or "client: …"' }],
  },
  { action: 'unblock', title: 'End the block', route: 'POST /imports/:id/unblock', submit: 'Unblock', fields: [{ name: 'resolution', label: 'What resolved it', type: 'textarea', required: true }] },
  { action: 'reassign', title: 'Hand over to another developer', route: 'POST /imports/:id/reassign', submit: 'Reassign', fields: [{ name: 'assignee', label: 'Developer', type: 'select' }, { name: 'reason', label: 'Reason', type: 'textarea', required: true }] },
  { action: 'cancel', title: 'Cancel the import', route: 'POST /imports/:id/cancel', submit: 'Cancel the import', fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }] },
];

/**
 * The forms `role` may submit now: the transitions table's available decisions (with the workflow's state when it
 * answered), each still checked against the permission table, then the forms that are no decision (the client link).
 */
export function availableForms(stage: LifecycleStage, role: MemberRole, ctx: { actor: string; state: DecisionState | null }): DecisionForm[] {
  const routes = new Set(availableDecisions(stage, role, { actor: ctx.actor, ...(ctx.state ? { state: ctx.state } : {}) }).map((name) => TRANSITIONS[name].route));
  return DECISION_FORMS.filter((f) => (f.stages ? f.stages.includes(stage) : routes.has(f.action)) && mayCall(role, f.route, { stage }));
}

export const decisionForm = (action: string): DecisionForm | undefined => DECISION_FORMS.find((f) => f.action === action);

/**
 * A posted form as the API's request body: empty fields left out, numbers and checkboxes typed, JSON fields
 * parsed. A field that does not parse is reported under its own name, as the API's validation does.
 */
export function formBody(form: DecisionForm | { fields: FieldSpec[] }, posted: Record<string, unknown>): { body: Record<string, unknown>; errors: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const raw = posted[field.name];
    const value = typeof raw === 'string' ? raw.trim() : undefined;
    if (field.type === 'checkbox') {
      body[field.name] = value === 'true';
      continue;
    }
    if (!value) continue;
    if (field.type === 'number' || field.name === 'priority') {
      const n = Number(value);
      if (Number.isFinite(n)) body[field.name] = n;
      else errors[field.name] = 'a number';
    } else if (field.name === 'config' || field.name === 'fetchPolicy') {
      try {
        body[field.name] = JSON.parse(value) as unknown;
      } catch {
        errors[field.name] = 'not valid JSON';
      }
    } else body[field.name] = value;
  }
  return { body, errors };
}
