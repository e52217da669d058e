import type { IncidentContextView, IncidentEvent } from '../../contracts';
import type { IncidentMessage } from './channel';

export interface IncidentForMessage {
  id: number;
  kind: string;
  status: string;
  environment: string;
  summary: string;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  context: IncidentContextView;
}

const VERB: Record<IncidentEvent, string> = {
  opened: 'Incident opened',
  escalated: 'ESCALATED — nobody acknowledged',
  acknowledged: 'Incident acknowledged',
  resolved: 'Incident resolved',
};

export { redact } from '../../platform/redact';
import { redact } from '../../platform/redact';

/**
 * The message of one state change. Built from the incident row only (whose context never holds configuration),
 * then every string is passed through `redact` as a second guard: an error message may quote a URL with a token.
 */
export function incidentMessage(incident: IncidentForMessage, event: IncidentEvent, dashboardUrl: string | null): IncidentMessage {
  const ctx = incident.context;
  const name = ctx.import?.name ?? ctx.import?.id ?? 'import';
  const client = ctx.import?.client ? ` (${ctx.import.client})` : '';
  const title = `[Liaison] ${VERB[event]}: ${incident.kind} on ${name}${client}, ${incident.environment}`;
  const lines = [incident.summary];
  if (event === 'acknowledged' && incident.acknowledgedBy) lines.push(`Acknowledged by ${incident.acknowledgedBy}.`);
  if (event === 'resolved' && incident.resolvedBy) lines.push(incident.resolvedBy === 'recovery' ? 'Resolved: a run applied again.' : `Resolved by ${incident.resolvedBy}.`);
  for (const check of (ctx.failingChecks ?? []).slice(0, 5)) lines.push(`• ${check.check}: ${check.message}`);
  if (ctx.error?.type) lines.push(`Error ${ctx.error.type}: ${ctx.error.message ?? ''}`);
  for (const s of (ctx.brokenSelectors ?? []).slice(0, 5)) lines.push(`Selector no longer matching: ${s.selector}${s.field ? ` (${s.field})` : ''}`);
  const failingPages = (ctx.pages ?? []).filter((p) => p.status >= 400).slice(0, 3);
  for (const p of failingPages) lines.push(`HTTP ${p.status} ${p.url}`);
  // From the dossier: whoever answers is usually not the author.
  const dossier = ctx.dossier;
  if (dossier?.lastTime) lines.push(`${dossier.lastTime.line.charAt(0).toUpperCase()}${dossier.lastTime.line.slice(1)}`);
  const points = (dossier?.unusualPoints ?? []).filter((p) => p.trim().toLowerCase() !== 'none');
  if (points.length > 0) lines.push(`Unusual points: ${points.slice(0, 10).join(' · ')}`);
  for (const entry of (dossier?.runBook ?? []).slice(0, 3)) lines.push(`Run book (${entry.key}): ${entry.text}`);
  const dossierUrl = !dossier?.link ? null : /^https?:/.test(dossier.link) ? dossier.link : dashboardUrl ? `${dashboardUrl.replace(/\/$/, '')}${dossier.link}` : null;
  const facts = [
    { label: 'Import', value: `${name}${client}` },
    { label: 'Environment', value: incident.environment },
    { label: 'Kind', value: incident.kind },
    { label: 'Count', value: String(incident.count) },
    { label: 'First seen', value: incident.firstSeenAt.toISOString() },
    { label: 'Last seen', value: incident.lastSeenAt.toISOString() },
  ];
  const links = [
    ...(ctx.links?.temporalUi ? [{ label: 'Temporal UI', url: String(ctx.links.temporalUi) }] : []),
    ...(ctx.links?.api && /^https?:/.test(String(ctx.links.api)) ? [{ label: 'API', url: String(ctx.links.api) }] : []),
    ...(dossierUrl ? [{ label: 'Dossier', url: dossierUrl }] : []),
    ...(dashboardUrl ? [{ label: 'Dashboard', url: `${dashboardUrl.replace(/\/$/, '')}/dashboard/incidents/${incident.id}` }] : []),
  ];
  return {
    incidentId: incident.id,
    event,
    title: redact(title),
    text: redact(lines.join('\n')),
    facts: facts.map((f) => ({ label: f.label, value: redact(f.value) })),
    links: links.map((l) => ({ label: l.label, url: redact(l.url) })),
  };
}
