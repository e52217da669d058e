import { HAND_OFF_ITEMS, type LifecycleStage, type MemberRole } from '../../../contracts';
import { mayCall } from './access';
import type { FieldSpec } from './views/ui';

/** What, beside the stage, decides whether a form makes sense now (the workflow still has the last word). */
export interface DecisionContext {
  viewer: string;
  assignee: string | null;
  submittedBy: string | null;
  reviewApproved: boolean;
}

/**
 * One decision as a console form: the API route it acts through (its rule in the permission table decides who sees
 * it), the stages it is accepted in, its fields (named as the API's request body, so the API's field errors land
 * beside them) and how a posted form becomes that body.
 *
 * ADAPTER: the stages are the workflow validators' (workflows/lifecycle/validators.ts) until the lifecycle
 * transitions table (issue 14 §1, `availableDecisions`) lands on main; then `availableDecisions` below reads it.
 */
export interface DecisionForm {
  action: string;
  title: string;
  route: string;
  stages: readonly LifecycleStage[];
  fields: FieldSpec[];
  /** Shown only when this holds too (e.g. the assignee starts development). */
  when?: (ctx: DecisionContext) => boolean;
  submit: string;
}

const comment: FieldSpec = { name: 'comment', label: 'Comment', type: 'textarea' };
const before: readonly LifecycleStage[] = ['requested', 'estimated', 'planned', 'assigned', 'in_development', 'in_review', 'staging', 'client_validation'];
const isAssignee = (ctx: DecisionContext) => ctx.assignee === ctx.viewer;

export const DECISION_FORMS: readonly DecisionForm[] = [
  { action: 'estimate', title: 'Estimate', route: 'POST /imports/:id/estimate', stages: ['requested', 'estimated'], submit: 'Estimate', fields: [{ name: 'days', label: 'Working days', type: 'number', step: '0.5', min: 0.5, required: true }, comment] },
  {
    action: 'plan',
    title: 'Plan',
    route: 'POST /imports/:id/plan',
    stages: ['estimated', 'planned'],
    submit: 'Plan',
    fields: [{ name: 'priority', label: 'Priority (1 highest)', type: 'select', options: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v })) }, { name: 'wantedDate', label: 'Wanted date', type: 'date', required: true }, comment],
  },
  { action: 'assign', title: 'Assign a developer', route: 'POST /imports/:id/assign', stages: ['planned', 'assigned'], submit: 'Assign', fields: [{ name: 'assignee', label: 'Developer', type: 'select' }, comment] },
  { action: 'start-development', title: 'Start development', route: 'POST /imports/:id/start-development', stages: ['assigned'], when: isAssignee, submit: 'Start', fields: [comment] },
  {
    action: 'submit-review',
    title: 'Submit for review',
    route: 'POST /imports/:id/submit-review',
    stages: ['in_development'],
    when: isAssignee,
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
    stages: ['in_review'],
    when: (ctx) => ctx.submittedBy !== ctx.viewer && !ctx.reviewApproved,
    submit: 'Send the review',
    fields: [{ name: 'decision', label: 'Decision', type: 'select', options: [{ value: 'approve', label: 'Approve' }, { value: 'request_changes', label: 'Request changes' }] }, { name: 'comments', label: 'Comments', type: 'textarea' }],
  },
  { action: 'deploy-staging', title: 'Deploy to staging', route: 'POST /imports/:id/deploy-staging', stages: ['in_review'], when: (ctx) => ctx.reviewApproved, submit: 'Deploy to staging', fields: [comment] },
  { action: 'preview-links', title: 'Send the client link', route: 'POST /imports/:id/preview-links', stages: ['client_validation'], submit: 'Create the link', fields: [{ name: 'contact', label: 'Client contact (e-mail)', type: 'email', required: true }] },
  {
    action: 'client-decision',
    title: "Record the client's decision",
    route: 'POST /imports/:id/client-decision',
    stages: ['client_validation'],
    submit: 'Record',
    fields: [{ name: 'decision', label: 'Decision', type: 'select', options: [{ value: 'validate', label: 'Validated' }, { value: 'feedback', label: 'Feedback (back to development)' }] }, { name: 'comments', label: 'Comments', type: 'textarea' }],
  },
  { action: 'deploy-production', title: 'Deploy to production', route: 'POST /imports/:id/deploy-production', stages: ['production_deploy'], submit: 'Deploy to production', fields: [comment] },
  {
    action: 'verification-decision',
    title: 'After a failed verification',
    route: 'POST /imports/:id/verification-decision',
    stages: ['verification'],
    submit: 'Decide',
    fields: [{ name: 'decision', label: 'Decision', type: 'select', options: [{ value: 'reverify', label: 'Check again' }, { value: 'revert', label: 'Revert' }] }, comment],
  },
  {
    action: 'complete-hand-off',
    title: 'Hand-off checklist',
    route: 'POST /imports/:id/complete-hand-off',
    stages: ['handed_off'],
    submit: 'Complete the hand-off',
    fields: [...Object.entries(HAND_OFF_ITEMS).map(([name, label]) => ({ name, label: String(label), type: 'checkbox' as const })), comment],
  },
  {
    action: 'start-maintenance',
    title: 'Start a maintenance fix',
    route: 'POST /imports/:id/start-maintenance',
    stages: ['live'],
    submit: 'Start the fix',
    fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }, { name: 'clientValidation', label: 'Needs client validation', type: 'checkbox' }],
  },
  { action: 'revert-production', title: 'Revert production', route: 'POST /imports/:id/revert-production', stages: ['live'], submit: 'Revert', fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }] },
  { action: 'cancel', title: 'Cancel the import', route: 'POST /imports/:id/cancel', stages: before, submit: 'Cancel the import', fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }] },
];

/** The decisions `role` may take now on an import in `stage`: the permission table, then the stage and context. */
export function availableDecisions(stage: LifecycleStage, role: MemberRole, ctx: DecisionContext): DecisionForm[] {
  return DECISION_FORMS.filter((f) => f.stages.includes(stage) && mayCall(role, f.route, { stage }) && (f.when?.(ctx) ?? true));
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
