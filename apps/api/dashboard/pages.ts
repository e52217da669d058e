import { contractText, locationsText } from '../../../contracts/job-labels';
import type { IncidentDetail, IncidentOverview, ImportOverview } from './dashboard.repository';
import { esc, link, page, sparkline, when } from './html';

export interface UiLinks {
  /** Builds a Temporal UI link to a workflow. */
  workflow(workflowId: string): string;
}

/** The overview: every import with its stage, last run, job count trend and open incidents; then the open incidents. */
export function overviewPage(imports: ImportOverview[], incidents: IncidentOverview[], ui: UiLinks): string {
  const importRows = imports
    .map(
      (i) => `<tr data-import="${esc(i.id)}">
  <td>${esc(i.name)}<div class="muted">${esc(i.client)}</div></td>
  <td>${esc(i.stage)}</td>
  <td>${i.lastRun ? `<span class="outcome-${esc(i.lastRun.status)}">${esc(i.lastRun.status)}</span> (${esc(i.lastRun.environment)}) ${link(ui.workflow(i.lastRun.workflowId), 'Temporal')}<div class="muted">${esc(when(i.lastRun.startedAt))}</div>` : '<span class="muted">no run</span>'}</td>
  <td>${sparkline(i.trend)}</td>
  <td>${i.openIncidents > 0 ? `<a href="#incidents" class="status-open">${i.openIncidents}</a>` : '0'}</td>
</tr>`,
    )
    .join('\n');
  const incidentRows = incidents
    .map(
      (n) => `<tr data-incident="${n.id}">
  <td><a href="/dashboard/incidents/${n.id}">#${n.id}</a></td>
  <td>${esc(n.kind)}</td>
  <td class="status-${esc(n.status)}">${esc(n.status)}</td>
  <td>${esc(n.importName)}<div class="muted">${esc(n.client)} · ${esc(n.environment)}</div></td>
  <td>${esc(n.summary)}</td>
  <td>${n.count}</td>
  <td>${esc(when(n.lastSeenAt))}</td>
</tr>`,
    )
    .join('\n');
  return page(
    'Imports and incidents',
    `<h1>Imports</h1>
<table id="imports">
<thead><tr><th>Import</th><th>Stage</th><th>Last run</th><th>Jobs, last runs</th><th>Open incidents</th></tr></thead>
<tbody>
${importRows || '<tr><td colspan="5" class="muted">No import yet</td></tr>'}
</tbody>
</table>
<h1 id="incidents">Open incidents</h1>
<table>
<thead><tr><th>Id</th><th>Kind</th><th>Status</th><th>Import</th><th>Summary</th><th>Count</th><th>Last seen</th></tr></thead>
<tbody>
${incidentRows || '<tr><td colspan="7" class="muted">No open incident</td></tr>'}
</tbody>
</table>`,
  );
}

/** The sample's job, as the client's job page says its places and contract (French, as the client reads them). */
function sampleJobLine(sample: unknown): string {
  const job = typeof sample === 'object' && sample !== null ? (sample as { job?: unknown }).job : null;
  if (typeof job !== 'object' || job === null) return '';
  const data = job as Record<string, unknown>;
  return `<p id="sample-job"><span class="location">${esc(locationsText(data))}</span> · <span class="contract">${esc(contractText(data))}</span></p>`;
}

/** One incident with its whole context: what a developer reads before opening the code. */
export function incidentPage(n: IncidentDetail, ui: UiLinks): string {
  const ctx = n.context;
  const rows = <T>(items: T[] | undefined, cells: (item: T) => string[]) =>
    (items ?? []).map((item) => `<tr>${cells(item).map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  const section = (title: string, html: string, show: boolean) => (show ? `<h2>${esc(title)}</h2>\n${html}` : '');
  const failing = ctx.failingChecks ?? [];
  const pages = ctx.pages ?? [];
  const selectors = ctx.brokenSelectors ?? [];
  return page(
    `Incident #${n.id}`,
    `<h1>Incident #${n.id}: ${esc(n.kind)} on ${esc(n.importName)}</h1>
<p class="status-${esc(n.status)}" id="status">${esc(n.status)}</p>
<p id="summary">${esc(n.summary)}</p>
<dl>
  <dt>Import</dt><dd>${esc(n.importName)} (${esc(n.importId)})</dd>
  <dt>Client</dt><dd>${esc(n.client)}</dd>
  <dt>Environment</dt><dd>${esc(n.environment)}</dd>
  <dt>First seen</dt><dd>${esc(when(n.firstSeenAt))}</dd>
  <dt>Last seen</dt><dd>${esc(when(n.lastSeenAt))}</dd>
  <dt>Count</dt><dd>${n.count}</dd>
  <dt>Acknowledged</dt><dd>${n.acknowledgedBy ? `${esc(n.acknowledgedBy)}, ${esc(when(n.acknowledgedAt))}` : '—'}</dd>
  <dt>Escalated</dt><dd>${esc(when(n.escalatedAt))}</dd>
  <dt>Resolved</dt><dd>${n.resolvedBy ? `${esc(n.resolvedBy)}, ${esc(when(n.resolvedAt))}` : '—'}</dd>
</dl>
${dossierSection(n.dossier)}
<h2>Links</h2>
<ul id="links">
  ${ctx.links?.temporalUi ? `<li>${link(ctx.links.temporalUi, 'The run (or deploy) in Temporal UI')}</li>` : ''}
  <li>${link(ui.workflow(n.workflowId), 'The health workflow in Temporal UI')}</li>
  ${ctx.links?.api ? `<li>${link(ctx.links.api, 'The run in the API')}</li>` : ''}
  <li>${link(`/incidents/${n.id}`, 'This incident in the API (JSON)')}</li>
</ul>
${section('Failing checks', `<table id="checks"><thead><tr><th>Check</th><th>Message</th><th>Figures</th></tr></thead><tbody>${rows(failing, (c) => [esc(c.check), esc(c.message), `<code>${esc(JSON.stringify(c.figures ?? {}))}</code>`])}</tbody></table>`, failing.length > 0)}
${section('Error', `<dl><dt>Type</dt><dd id="error-type">${esc(ctx.error?.type)}</dd><dt>Message</dt><dd>${esc(ctx.error?.message)}</dd>${ctx.error?.url ? `<dt>URL</dt><dd>${esc(ctx.error.url)}${ctx.error.status ? ` (HTTP ${esc(ctx.error.status)})` : ''}</dd>` : ''}</dl>${ctx.error?.stack ? `<pre id="stack">${esc(ctx.error.stack)}</pre>` : ''}`, Boolean(ctx.error))}
${section('Selectors that stopped matching', `<table id="selectors"><thead><tr><th>Field</th><th>Selector</th><th>Sample page</th></tr></thead><tbody>${rows(selectors, (s) => [esc(s.field ?? '—'), `<code>${esc(s.selector)}</code>`, esc(s.sampleUrl ?? '')])}</tbody></table>`, selectors.length > 0)}
${section('Pages', `<table id="pages"><thead><tr><th>URL</th><th>HTTP status</th></tr></thead><tbody>${rows(pages, (p) => [esc(p.url), esc(p.status)])}</tbody></table>`, pages.length > 0)}
${section('Sample record', `${sampleJobLine(ctx.sample)}<pre id="sample">${esc(JSON.stringify(ctx.sample, null, 2))}</pre>`, Boolean(ctx.sample))}
${section('HTML excerpt', `<p class="muted">${esc(ctx.excerpt?.url)}</p><pre id="excerpt">${esc(ctx.excerpt?.text)}</pre>`, Boolean(ctx.excerpt?.text))}
<h2>History</h2>
<table id="events"><thead><tr><th>When</th><th>Event</th><th>By</th><th>Detail</th></tr></thead><tbody>
${rows(n.events, (e) => [esc(when(e.at)), esc(e.event), esc(e.by ?? ''), esc(e.detail ?? '')])}
</tbody></table>`,
  );
}

/** What the dossier says, first: whoever answers is usually not the author. */
function dossierSection(d: IncidentDetail['dossier']): string {
  const points = d.unusualPoints.filter((p) => p.trim().toLowerCase() !== 'none');
  return `<section id="dossier">
<h2>From the dossier${d.version > 0 ? ` (version ${d.version})` : ''}</h2>
${d.version === 0 ? '<p class="muted">No dossier yet: ask the author to write it.</p>' : ''}
${d.lastTime ? `<p id="last-time">${esc(d.lastTime.line.charAt(0).toUpperCase() + d.lastTime.line.slice(1))}</p>` : ''}
${points.length > 0 ? `<h3>Unusual points</h3><ul id="unusual-points">${points.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
${d.runBook.length > 0 ? `<h3>Run book</h3><dl id="run-book">${d.runBook.map((e) => `<dt>${esc(e.key)}</dt><dd>${esc(e.text)}</dd>`).join('')}</dl>` : ''}
<p>${link(d.link, 'The whole dossier')}</p>
</section>`;
}
