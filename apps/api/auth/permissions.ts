import { consoleRules } from '../console/routes';
import { DECISION_NAMES, ENVIRONMENT_NAMES, TRANSITIONS, MEMBER_ROLES, type EnvironmentName, type LifecycleStage, type MemberRole } from '../../../contracts';
import type { EnvironmentRule, RoleRule, Rule } from './rule';

/**
 * Who may call what: THE one place. Every route the API serves has an entry, keyed `<METHOD> <path>` with the
 * path as Nest declares it (`/imports/:id/review`). A route without one is refused to everyone (deny by
 * default) and test/access.routes.test.ts fails on it, so a new endpoint cannot be forgotten. An entry's shape:
 * ./rule.ts.
 */
export type { EnvironmentRule, RoleRule, Rule } from './rule';

const everyone = MEMBER_ROLES;
/** Every lifecycle decision's route, with the roles the transitions table gives it (the workflow checks the same). */
const decisionRoutes: Record<string, Rule> = Object.fromEntries(DECISION_NAMES.map((name) => [`POST /imports/:id/${TRANSITIONS[name].route}`, { roles: TRANSITIONS[name].roles }]));
const leadOps: readonly MemberRole[] = ['lead', 'ops'];
const builders: readonly MemberRole[] = ['developer', 'lead', 'ops'];

/** A route acting on one environment: `roles` for OpenAPI and the matrix is the union of the environments' roles. */
const perEnvironment = (staging: EnvironmentRule, production: EnvironmentRule, from: 'path' | 'run' = 'path'): Rule => {
  const roles = new Set(ENVIRONMENT_NAMES.flatMap((env) => { const r = { staging, production }[env]; return 'roles' in r ? r.roles : []; }));
  return { roles: MEMBER_ROLES.filter((r) => roles.has(r)), environments: { from, staging, production } };
};

/**
 * Production exists only once the deploy saga has run: before development (and once cancelled) a production run
 * or schedule has nothing reviewed to run. A live import back in development for maintenance keeps its production
 * (the stages from `in_development` on), so those stages stay open; the service still answers 404 when the import
 * has no production configuration yet.
 */
const productionStages = {
  in: ['in_development', 'in_review', 'staging', 'client_validation', 'production_deploy', 'verification', 'handed_off', 'live'] as const satisfies readonly LifecycleStage[],
  why: 'production is running only once the deploy saga has deployed a reviewed version',
};
/** Production work: lead and ops only, and only once production exists. */
const productionOps: EnvironmentRule = { roles: leadOps, stages: productionStages };

/** Production configuration is written by the deploy saga and the maintenance flow's deploy (activities), never by hand. */
const useTheDeploySaga: EnvironmentRule = {
  refused: {
    code: 'use_the_deploy_saga',
    message:
      'Production configuration is written only by the production deploy saga: promote the reviewed staging version with POST /imports/:id/deploy-production (lead or ops); for a live import, POST /imports/:id/start-maintenance and bring the fix through review and staging to the same deploy',
    use: ['POST /imports/:id/deploy-production', 'POST /imports/:id/start-maintenance'],
  },
};

const API_PERMISSIONS: Readonly<Record<string, Rule>> = {
  'GET /health': { public: 'liveness probe' },
  'GET /ready': { public: 'readiness probe' },

  // Imports and their lifecycle: the decisions' routes and roles come from the transitions table.
  'POST /imports': { roles: ['account_manager', 'lead'] },
  'GET /imports': { roles: everyone },
  'GET /imports/:id': { roles: everyone },
  'GET /imports/:id/decisions': { roles: everyone },
  'GET /imports/:id/state': { roles: everyone },
  'GET /imports/:id/notifications': { roles: everyone },
  // What the caller may decide now: each role sees its own decisions (the transitions table).
  'GET /imports/:id/actions': { roles: everyone },
  ...decisionRoutes,
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

  // Configurations, runs and schedules. Staging is the developers' space; production is changed only by the deploy
  // saga (configuration) and by lead/ops (runs, schedules, quarantine decisions, reverts) once it exists.
  'PUT /imports/:id/environments/:env/config': perEnvironment({ roles: builders }, useTheDeploySaga),
  'GET /imports/:id/environments/:env/config': { roles: everyone },
  'POST /imports/:id/environments/:env/runs': perEnvironment({ roles: builders }, productionOps),
  'GET /imports/:id/runs': { roles: everyone },
  'GET /imports/:id/alerts': { roles: everyone },
  'GET /runs/:runId': { roles: everyone },
  'POST /runs/:runId/decision': perEnvironment({ roles: builders }, { roles: leadOps }, 'run'),
  'POST /runs/:runId/revert': perEnvironment({ roles: builders }, { roles: leadOps }, 'run'),
  'POST /imports/:id/environments/:env/schedule': perEnvironment({ roles: leadOps }, productionOps),
  'GET /imports/:id/environments/:env/schedule': { roles: everyone },
  // The job database, read: every role (account management answers clients, ops checks production), both
  // environments — reading changes nothing.
  'GET /imports/:id/environments/:env/jobs': { roles: everyone },
  'GET /jobs/:id': { roles: everyone },
  // Client feed tokens: a credential handed to a client, like a preview link: account management, the lead and
  // ops (who answer for production) create, list and revoke them. The feeds (/feeds/) are public: the token is the
  // credential.
  'POST /clients/:clientId/feed-tokens': { roles: ['account_manager', 'lead', 'ops'] },
  'GET /clients/:clientId/feed-tokens': { roles: ['account_manager', 'lead', 'ops'] },
  'DELETE /clients/:clientId/feed-tokens/:tokenId': { roles: ['account_manager', 'lead', 'ops'] },
  // Pausing or removing a schedule stops work: always allowed to lead/ops, whatever the stage.
  'POST /imports/:id/environments/:env/schedule/pause': { roles: leadOps },
  'POST /imports/:id/environments/:env/schedule/resume': perEnvironment({ roles: leadOps }, productionOps),
  'POST /imports/:id/environments/:env/schedule/trigger': perEnvironment({ roles: leadOps }, productionOps),
  'POST /imports/:id/environments/:env/schedule/backfill': perEnvironment({ roles: leadOps }, productionOps),
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
  // Absences: a member marks their own, the lead anyone's; the lead hands over an away member's work.
  'GET /team/members/:handle/absences': { roles: everyone },
  'POST /team/members/:handle/absences': { roles: ['lead'], self: 'handle' },
  'DELETE /team/members/:handle/absences/:absenceId': { roles: ['lead'], self: 'handle' },
  'GET /team/members/:handle/hand-over': { roles: ['lead'], self: 'handle' },

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

  // Incidents and operations: ops acknowledge and resolve (the lead too, when escalated to), and so does the
  // developer on duty: any of them answers an import they never saw, from its dossier.
  'GET /incidents': { roles: everyone },
  'GET /incidents/:id': { roles: everyone },
  'POST /incidents/:id/acknowledge': { roles: ['ops', 'lead', 'developer'] },
  'POST /incidents/:id/resolve': { roles: ['ops', 'lead', 'developer'] },
  'POST /imports/:id/mute': { roles: ['ops', 'lead'] },
  // Prometheus scrapes with an ops key (Authorization: Bearer); the dashboard pages accept the login cookie.
  'GET /metrics': { roles: ['ops', 'lead'] },
  'GET /dashboard': { roles: everyone },
  'GET /dashboard/incidents/:id': { roles: everyone },
};

/** The API's routes, then the team console's (pages, and forms carrying the rule of the API route they act through). */
export const PERMISSIONS: Readonly<Record<string, Rule>> = { ...API_PERMISSIONS, ...consoleRules(API_PERMISSIONS, everyone) };

/** The rule of `environment` for a route that has per-environment rules; the route's own rule otherwise. */
export function environmentRule(rule: RoleRule, environment: string | null): EnvironmentRule | null {
  if (!rule.environments || !environment || !(ENVIRONMENT_NAMES as readonly string[]).includes(environment)) return null;
  return rule.environments[environment as EnvironmentName];
}

export const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/**
 * Paths public by design, by prefix: the client preview pages (they check their own token) and the OpenAPI
 * document and UI (served by Swagger straight on Express: no guard runs there).
 */
export const PUBLIC_PREFIXES: readonly { prefix: string; methods: readonly string[]; why: string }[] = [
  { prefix: '/preview/', methods: ['GET', 'POST'], why: 'client preview: its own token' },
  { prefix: '/feeds/', methods: ['GET'], why: 'client feed: its own token' },
  { prefix: '/docs', methods: ['GET'], why: 'the OpenAPI document and its UI' },
];

/** HEAD follows GET's rule (Express answers HEAD with the GET handler, without the body). */
export function ruleFor(requested: string, path: string): Rule | undefined {
  const method = requested.toUpperCase() === 'HEAD' ? 'GET' : requested;
  const rule = PERMISSIONS[routeKey(method, path)];
  if (rule) return rule;
  const open = PUBLIC_PREFIXES.find(({ prefix, methods }) => path.startsWith(prefix) && methods.includes(method.toUpperCase()));
  return open ? { public: open.why } : undefined;
}
