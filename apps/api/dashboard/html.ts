import { escapeHtml } from '../common/html';

/** The pages' escape (apps/api/common/html.ts), under the short name the templates use. */
export const esc = escapeHtml;

/** A link only to http(s) URLs (a `javascript:` URL in data never becomes clickable); otherwise the text alone. */
export function link(url: unknown, label: unknown): string {
  const href = String(url ?? '');
  if (!/^https?:\/\//i.test(href) && !href.startsWith('/')) return esc(label);
  return `<a href="${esc(href)}">${esc(label)}</a>`;
}

export const when = (value: Date | string | null | undefined): string => (value ? new Date(value).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

/**
 * The job count of the last runs as an inline SVG polyline (no script, no chart library). Its `<title>` lists the
 * figures, so the trend is readable by a screen reader and on hover.
 */
export function sparkline(values: number[], width = 120, height = 24): string {
  if (values.length === 0) return '<span class="muted">no applied run</span>';
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ');
  return `<svg class="sparkline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="jobs per run: ${esc(values.join(', '))}"><title>jobs per run: ${esc(values.join(', '))}</title><polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="${points}"/></svg>`;
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Liaison ops</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #111; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
  th { background: #f9fafb; }
  pre { background: #f3f4f6; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
  .muted { color: #6b7280; }
  .status-open, .outcome-failed { color: #b91c1c; font-weight: 600; }
  .status-acknowledged, .outcome-quarantined { color: #b45309; font-weight: 600; }
  .status-resolved, .outcome-applied { color: #15803d; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { font-weight: 600; }
</style>
</head>
<body>
<nav><a href="/dashboard">Imports and incidents</a></nav>
${body}
</body>
</html>
`;
}
