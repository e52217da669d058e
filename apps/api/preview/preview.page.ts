import { contractText, locationsText } from '../../../contracts/job-labels';
import { escapeHtml } from '../common/html';
import type { PreviewJob } from '../../../db/queries/preview-links';

// Server-rendered pages of the client preview: plain HTML and a little CSS, no script, no front-end build.
// Every job field is text from a client's site: it is escaped, always, and only http(s) links are kept.

/** An href, only for http(s) URLs (a `javascript:` link from a site never reaches the page). */
function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
.jobs { list-style: none; padding: 0; }
.job { border: 1px solid #d8dce5; border-radius: 6px; padding: .8rem 1rem; margin: .6rem 0; }
.job h2 { font-size: 1.1rem; margin: 0 0 .3rem; }
.meta { color: #566; font-size: .9rem; }
.decisions { display: flex; gap: 2rem; flex-wrap: wrap; margin-top: 2rem; border-top: 1px solid #d8dce5; padding-top: 1rem; }
textarea { width: 22rem; max-width: 100%; min-height: 5rem; display: block; margin: .4rem 0; }
button { padding: .5rem 1rem; font-size: 1rem; }
.notice { background: #f3f6fb; border-left: 4px solid #3a6ea5; padding: .8rem 1rem; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export interface PreviewView {
  token: string;
  importName: string;
  clientName: string;
  expiresAt: Date;
  jobs: PreviewJob[];
}

/** The import's open staging jobs, as the client's job page lists them, with the two decisions. */
export function previewPage(view: PreviewView): string {
  const base = `/preview/${encodeURIComponent(view.token)}`;
  const items = view.jobs
    .map((job) => {
      const title = escapeHtml(typeof job.data.title === 'string' ? job.data.title : job.externalId);
      return `<li class="job" data-external-id="${escapeHtml(job.externalId)}">
  <h2><a href="${base}/jobs/${job.id}">${title}</a></h2>
  <div class="meta"><span class="location">${escapeHtml(locationsText(job.data))}</span> · <span class="contract">${escapeHtml(contractText(job.data))}</span></div>
</li>`;
    })
    .join('\n');
  return layout(
    `Aperçu des offres — ${view.clientName}`,
    `<h1>Aperçu de vos offres d'emploi</h1>
<p class="notice">${escapeHtml(view.clientName)} — ${escapeHtml(view.importName)} : voici les offres telles qu'elles apparaîtront sur votre page carrières
(<span id="count">${view.jobs.length}</span> offres). Ce lien expire le ${escapeHtml(view.expiresAt.toISOString().slice(0, 10))}.</p>
<ul class="jobs">
${items || '<li>Aucune offre ouverte pour le moment.</li>'}
</ul>
<div class="decisions">
  <form method="post" action="${base}/decision">
    <input type="hidden" name="decision" value="validate">
    <button type="submit" id="validate">Valider</button>
  </form>
  <form method="post" action="${base}/decision">
    <input type="hidden" name="decision" value="feedback">
    <label for="comment">Vos remarques</label>
    <textarea id="comment" name="comment" required maxlength="4000"></textarea>
    <button type="submit" id="send-feedback">Envoyer mes remarques</button>
  </form>
</div>`,
  );
}

/** One job's detail, within the same link. */
export function jobPage(token: string, job: PreviewJob): string {
  const title = typeof job.data.title === 'string' ? job.data.title : job.externalId;
  // The description is sanitised HTML from the importer; here it is shown as text, tags removed, to stay inert.
  const description = typeof job.data.description === 'string' ? job.data.description.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : '';
  const apply = safeUrl(job.data.applyUrl);
  return layout(
    title,
    `<p><a href="/preview/${encodeURIComponent(token)}">← Toutes les offres</a></p>
<h1>${escapeHtml(title)}</h1>
<div class="meta"><span class="location">${escapeHtml(locationsText(job.data))}</span> · <span class="contract">${escapeHtml(contractText(job.data))}</span></div>
<p class="description">${escapeHtml(description)}</p>
${apply ? `<p><a class="apply" href="${escapeHtml(apply)}" rel="noopener noreferrer">Postuler</a></p>` : ''}`,
  );
}

export function confirmationPage(decision: 'validate' | 'feedback'): string {
  return decision === 'validate'
    ? layout('Merci', `<h1 id="confirmation">Merci, vos offres sont validées.</h1><p>Notre équipe met l'import en production.</p>`)
    : layout('Merci', `<h1 id="confirmation">Merci, vos remarques ont été transmises.</h1><p>Notre équipe revient vers vous avec une nouvelle version.</p>`);
}

/** 404 (unknown link), 410 (expired), 409 (nothing to decide any more), 400 (a form that does not fit). */
export function errorPage(status: number, message: string): string {
  const titles: Record<number, string> = { 400: 'Demande invalide', 404: 'Lien inconnu', 409: 'Décision impossible', 410: 'Lien expiré' };
  return layout(titles[status] ?? 'Erreur', `<h1 id="error" data-status="${status}">${escapeHtml(titles[status] ?? 'Erreur')}</h1><p>${escapeHtml(message)}</p>`);
}
