import type { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import { ruleFor, type EnvironmentRule } from './permissions';

export const BEARER = 'bearer';

/** The bearer scheme, required by default; public routes say so with an empty requirement. */
export const withBearerAuth = (builder: DocumentBuilder): DocumentBuilder =>
  builder
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A member API key (`lia_…`), created by a lead or by the member: `POST /team/members/{handle}/keys`' }, BEARER)
    .addSecurityRequirements(BEARER);

/**
 * Writes each operation's access rule (from PERMISSIONS) into the document: who may call it, and `security: []`
 * on public routes, so /docs shows the same rules the guard enforces.
 */
export function describeAccess(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const nestPath = path.replace(/\{(\w+)\}/g, ':$1');
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const rule = ruleFor(method, nestPath);
      const access = !rule
        ? 'No access rule: refused to everyone.'
        : 'public' in rule
          ? `Public (${rule.public}).`
          : rule.environments
            ? `By environment${rule.environments.from === 'run' ? ' (the run’s)' : ''}: staging — ${envAccess(rule.environments.staging)}; production — ${envAccess(rule.environments.production)}.`
            : `Roles: ${rule.roles.join(', ')}${rule.self ? `, or the member {${rule.self}} itself` : ''}.`;
      if (rule && 'public' in rule) operation.security = [];
      operation.description = [operation.description, `**Access** — ${access}`].filter(Boolean).join('\n\n');
      operation.responses = {
        ...operation.responses,
        ...(rule && 'public' in rule ? {} : { 401: { description: 'No API key, or an unknown or revoked one' }, 403: { description: 'The caller’s role may not do this' } }),
        ...(rule && 'environments' in rule && rule.environments ? { 409: { description: 'Refused in this environment (`use_the_deploy_saga`: the route to use instead) or in the import’s lifecycle stage (`wrong_stage`)' } } : {}),
      };
    }
  }
  return document;
}

function envAccess(rule: EnvironmentRule): string {
  if ('refused' in rule) return `refused to every role (409 \`${rule.refused.code}\`: use ${rule.refused.use.join(' or ')})`;
  return `roles ${rule.roles.join(', ')}${rule.stages ? ` in stages ${rule.stages.in.join(', ')} (else 409 \`wrong_stage\`)` : ''}`;
}
