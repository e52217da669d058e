import type { MemberRole } from '../../../contracts';
import type { Rule } from '../auth/rule';

// The console's routes in the permission table (../auth/permissions.ts imports this file).

/** The console's form routes, each mirroring the API route it acts through (same rule, same guard). */
export const CONSOLE_FORM_ROUTES: Readonly<Record<string, string>> = {
  'POST /console/imports': 'POST /imports',
  'POST /console/imports/:id/estimate': 'POST /imports/:id/estimate',
  'POST /console/imports/:id/plan': 'POST /imports/:id/plan',
  'POST /console/imports/:id/assign': 'POST /imports/:id/assign',
  'POST /console/imports/:id/start-development': 'POST /imports/:id/start-development',
  'POST /console/imports/:id/submit-review': 'POST /imports/:id/submit-review',
  'POST /console/imports/:id/review': 'POST /imports/:id/review',
  'POST /console/imports/:id/deploy-staging': 'POST /imports/:id/deploy-staging',
  'POST /console/imports/:id/preview-links': 'POST /imports/:id/preview-links',
  'POST /console/imports/:id/client-decision': 'POST /imports/:id/client-decision',
  'POST /console/imports/:id/deploy-production': 'POST /imports/:id/deploy-production',
  'POST /console/imports/:id/verification-decision': 'POST /imports/:id/verification-decision',
  'POST /console/imports/:id/complete-hand-off': 'POST /imports/:id/complete-hand-off',
  'POST /console/imports/:id/start-maintenance': 'POST /imports/:id/start-maintenance',
  'POST /console/imports/:id/revert-production': 'POST /imports/:id/revert-production',
  'POST /console/imports/:id/cancel': 'POST /imports/:id/cancel',
  'POST /console/imports/:id/block': 'POST /imports/:id/block',
  'POST /console/imports/:id/unblock': 'POST /imports/:id/unblock',
  'POST /console/imports/:id/reassign': 'POST /imports/:id/reassign',
  'POST /console/imports/:id/dossier': 'PUT /imports/:id/dossier',
  'POST /console/imports/:id/review-sheet': 'PUT /imports/:id/review-sheet',
  'POST /console/imports/:id/questions': 'POST /imports/:id/questions',
  'POST /console/imports/:id/questions/:questionId/answer': 'POST /imports/:id/questions/:questionId/answer',
  'POST /console/runs/:runId/decision': 'POST /runs/:runId/decision',
  'POST /console/runs/:runId/revert': 'POST /runs/:runId/revert',
  'POST /console/incidents/:id/acknowledge': 'POST /incidents/:id/acknowledge',
  'POST /console/incidents/:id/resolve': 'POST /incidents/:id/resolve',
  'POST /console/imports/:id/mute': 'POST /imports/:id/mute',
};

/** The API route a console form route stands for (its path, without the method). */
export const apiRouteOf = (consoleRoute: string): string => {
  const api = CONSOLE_FORM_ROUTES[consoleRoute];
  if (!api) throw new Error(`${consoleRoute} has no API route in CONSOLE_FORM_ROUTES`);
  return api;
};

/** The permission entries of the console's routes, for PERMISSIONS: pages for everyone, forms as their API route. */
export function consoleRules(api: Readonly<Record<string, Rule>>, everyone: readonly MemberRole[]): Record<string, Rule> {
  const forms = Object.fromEntries(
    Object.entries(CONSOLE_FORM_ROUTES).map(([route, apiRoute]) => {
      const rule = api[apiRoute];
      if (!rule) throw new Error(`console route ${route}: the API route ${apiRoute} has no rule`);
      return [route, rule];
    }),
  );
  return {
    'GET /console/style.css': { public: 'the console stylesheet' },
    'GET /console': { roles: everyone },
    'GET /console/requests/new': { roles: ['account_manager', 'lead'] },
    'GET /console/imports/:id': { roles: everyone },
    'GET /console/runs/:runId': { roles: everyone },
    'GET /console/incidents/:id': { roles: everyone },
    'GET /console/board': { roles: ['lead'] },
    ...forms,
  };
}
