import { DECISION_ROLES, MEMBER_ROLES, type MemberRole } from '../../../contracts';

/**
 * Who may call what: THE one place. Every route the API serves has an entry, keyed `<METHOD> <path>` with the
 * path as Nest declares it (`/imports/:id/review`). A route without one is refused to everyone (deny by
 * default) and test/access.routes.test.ts fails on it, so a new endpoint cannot be forgotten.
 *
 * - `public`: no key (liveness, readiness, the client preview pages — they check their own token).
 * - `roles`: members with one of these roles; `self` names a path parameter holding a member's handle: that
 *   member may call it too (their own API keys).
 */
export type Rule = { public: string } | { roles: readonly MemberRole[]; self?: string };

const everyone = MEMBER_ROLES;
const decision = (update: string): Rule => {
  const roles = DECISION_ROLES[update];
  if (!roles) throw new Error(`DECISION_ROLES has no entry for the lifecycle update "${update}"`);
  return { roles };
};
const leadOps: readonly MemberRole[] = ['lead', 'ops'];
const builders: readonly MemberRole[] = ['developer', 'lead', 'ops'];

export const PERMISSIONS: Readonly<Record<string, Rule>> = {
  'GET /health': { public: 'liveness probe' },
  'GET /ready': { public: 'readiness probe' },

  // Imports and their lifecycle: decisions follow DECISION_ROLES, the same rules the workflow checks.
  'POST /imports': { roles: ['account_manager', 'lead'] },
  'GET /imports': { roles: everyone },
  'GET /imports/:id': { roles: everyone },
  'GET /imports/:id/decisions': { roles: everyone },
  'GET /imports/:id/state': { roles: everyone },
  'GET /imports/:id/notifications': { roles: everyone },
  'POST /imports/:id/estimate': decision('estimate'),
  'POST /imports/:id/plan': decision('plan'),
  'POST /imports/:id/assign': decision('assign'),
  'POST /imports/:id/start-development': decision('startDevelopment'),
  'POST /imports/:id/submit-review': decision('submitForReview'),
  'POST /imports/:id/review': decision('review'),
  'POST /imports/:id/deploy-staging': decision('deployStaging'),
  'POST /imports/:id/client-decision': decision('clientDecision'),
  'POST /imports/:id/deploy-production': decision('deployProduction'),
  'POST /imports/:id/revert-production': decision('revertProduction'),
  'POST /imports/:id/cancel': decision('cancel'),
  'POST /imports/:id/verification-decision': decision('verificationDecision'),
  'POST /imports/:id/complete-hand-off': decision('completeHandOff'),
  'POST /imports/:id/start-maintenance': decision('startMaintenance'),
  'POST /imports/:id/block': decision('block'),
  'POST /imports/:id/unblock': decision('unblock'),
  // The dossier: anyone reads it (the person answering an incident is rarely the author); account management
  // and the team write it.
  'GET /imports/:id/dossier': { roles: everyone },
  'PUT /imports/:id/dossier': { roles: ['account_manager', 'developer', 'lead'] },
  'GET /imports/:id/dossier/versions': { roles: everyone },
  'GET /imports/:id/dossier/diff': { roles: everyone },
  'GET /imports/:id/dossier/review': { roles: everyone },
  // Review practices: the sheet is read by everyone and answered by reviewers; the lead follows the failures.
  'GET /review-practices': { roles: everyone },
  'GET /review-practices/stats': { roles: ['lead'] },
  'GET /imports/:id/review-sheet': { roles: everyone },
  'PUT /imports/:id/review-sheet': { roles: ['developer', 'lead'] },
  // The client preview link (its pages are public under /preview/): account management sends it to the client.
  'POST /imports/:id/preview-links': { roles: ['account_manager'] },

  // Configurations, runs and schedules: developers prepare and run; production schedules are lead/ops work.
  'PUT /imports/:id/environments/:env/config': { roles: builders },
  'GET /imports/:id/environments/:env/config': { roles: everyone },
  'POST /imports/:id/environments/:env/runs': { roles: builders },
  'GET /imports/:id/runs': { roles: everyone },
  'GET /imports/:id/alerts': { roles: everyone },
  'GET /runs/:runId': { roles: everyone },
  'POST /runs/:runId/decision': { roles: leadOps },
  'POST /runs/:runId/revert': { roles: leadOps },
  'POST /imports/:id/environments/:env/schedule': { roles: leadOps },
  'GET /imports/:id/environments/:env/schedule': { roles: everyone },
  'POST /imports/:id/environments/:env/schedule/pause': { roles: leadOps },
  'POST /imports/:id/environments/:env/schedule/resume': { roles: leadOps },
  'POST /imports/:id/environments/:env/schedule/trigger': { roles: leadOps },
  'POST /imports/:id/environments/:env/schedule/backfill': { roles: leadOps },
  'DELETE /imports/:id/environments/:env/schedule': { roles: leadOps },

  // The team: the lead manages members; everyone manages their own keys.
  'GET /team/me': { roles: everyone },
  'GET /team/members': { roles: everyone },
  'POST /team/members': { roles: ['lead'] },
  'GET /team/members/:handle': { roles: everyone },
  'PATCH /team/members/:handle': { roles: ['lead'] },
  'DELETE /team/members/:handle': { roles: ['lead'] },
  'GET /team/members/:handle/keys': { roles: ['lead'], self: 'handle' },
  'POST /team/members/:handle/keys': { roles: ['lead'], self: 'handle' },
  'DELETE /team/members/:handle/keys/:keyId': { roles: ['lead'], self: 'handle' },

  // The dashboard's login form: it sets the key as an HttpOnly cookie (see AuthGuard).
  'GET /auth/login': { public: 'the login form itself' },
  'POST /auth/login': { public: 'checks the key it is given' },
  'POST /auth/logout': { public: 'clears the cookie' },

  'GET /audit': { roles: everyone },

  // Team planning: reads for everyone (the lead acts on them through plan and assign).
  'GET /planning/workload': { roles: everyone },
  'GET /planning/board': { roles: everyone },
  'GET /imports/:id/assignment-suggestions': { roles: everyone },
  // Questions between account management and the team: anyone on either side asks and answers.
  'GET /digests': { roles: everyone },
  'GET /digests/latest': { roles: everyone },
  'GET /imports/:id/questions': { roles: everyone },
  'POST /imports/:id/questions': { roles: everyone },
  'POST /imports/:id/questions/:questionId/answer': { roles: everyone },

  // Incidents and operations: ops acknowledge and resolve (the lead too, when escalated to).
  'GET /incidents': { roles: everyone },
  'GET /incidents/:id': { roles: everyone },
  'POST /incidents/:id/acknowledge': { roles: ['ops', 'lead'] },
  'POST /incidents/:id/resolve': { roles: ['ops', 'lead'] },
  'POST /imports/:id/mute': { roles: ['ops', 'lead'] },
  // Prometheus scrapes with an ops key (Authorization: Bearer); the dashboard pages accept the login cookie.
  'GET /metrics': { roles: ['ops', 'lead'] },
  'GET /dashboard': { roles: everyone },
  'GET /dashboard/incidents/:id': { roles: everyone },
};

export const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/**
 * Paths public by design, by prefix: the client preview pages (they check their own token) and the OpenAPI
 * document and UI (served by Swagger straight on Express: no guard runs there).
 */
export const PUBLIC_PREFIXES: readonly { prefix: string; methods: readonly string[]; why: string }[] = [
  { prefix: '/preview/', methods: ['GET', 'POST'], why: 'client preview: its own token' },
  { prefix: '/docs', methods: ['GET'], why: 'the OpenAPI document and its UI' },
];

export function ruleFor(method: string, path: string): Rule | undefined {
  const rule = PERMISSIONS[routeKey(method, path)];
  if (rule) return rule;
  const open = PUBLIC_PREFIXES.find(({ prefix, methods }) => path.startsWith(prefix) && methods.includes(method.toUpperCase()));
  return open ? { public: open.why } : undefined;
}
