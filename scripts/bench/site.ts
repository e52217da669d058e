// A client career site for the scraping benchmark: list pages of 20 jobs with a "next" link, one detail page
// per job, French text and the boilerplate of a real site (navigation, cookie banner, scripts, footer). Every
// page is rendered once up front, so the server costs the contenders almost nothing per request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What every contender must extract for a job, in comparable form (description: its text, whitespace removed). */
export interface ScrapedJob {
  externalId: string;
  title: string;
  city: string;
  contract: string;
  department: string;
  postedAt: string;
  /** The salary's first amount as written ("35 000 €"): what the demo-careers scraper reads as its minimum. */
  salary: string;
  applyUrl: string;
  description: string;
}

export const PER_PAGE = 20;

const CITIES: [string, string][] = [['Lyon', '69'], ['Paris', '75'], ['Nantes', '44'], ['Lille', '59'], ['Bordeaux', '33'], ['Rennes', '35'], ['Toulouse', '31']];
const TITLES = ['Ingénieur d’études H/F', 'Chargé·e de recrutement H/F', 'Technicien·ne SAV H/F', 'Comptable H/F', 'Chef·fe de chantier H/F', 'Assistant·e commercial·e H/F'];
const CONTRACTS = ['CDI', 'CDD - 6 mois', 'Alternance', 'Stage - 6 mois', 'Intérim'];
const SERVICES = ['Bureau d’études', 'Ressources humaines', 'Service après-vente', 'Finance', 'Travaux', 'Ventes'];
/** [the salary line on the page, its first amount]. */
const SALARIES: [string, string][] = [
  ['35 000 € – 42 000 € brut annuel', '35 000 €'],
  ['1 900 € brut par mois', '1 900 €'],
  ['Gratification : 1 200 € / mois', '1 200 €'],
  ['28 000 € brut annuel', '28 000 €'],
];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const slug = (s: string) => s.normalize('NFD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').toLowerCase();

interface SiteJob extends ScrapedJob {
  path: string;
  salaryLine: string;
  lieu: string;
  descriptionHtml: string;
}

function siteJob(i: number): SiteJob {
  const id = String(1000 + i);
  const [city, dept] = pick(CITIES, i * 3);
  const title = pick(TITLES, i);
  const [salaryLine, salary] = pick(SALARIES, i * 11);
  const descriptionHtml = `
      <h2>Vos missions</h2>
      <p>Rattaché·e au responsable d’agence de ${city}, vous prenez en charge un portefeuille de projets et de clients.</p>
      <ul>
        <li>Concevoir et chiffrer les solutions techniques adaptées à chaque projet</li>
        <li>Suivre les approvisionnements, les plannings et la qualité des livrables</li>
        <li>Animer la relation avec les partenaires et sous-traitants</li>
      </ul>
      <h2>Votre profil</h2>
      <p>Diplômé·e d’un bac+2 à bac+5, vous avez une première expérience de ${1 + (i % 5)} an(s) sur un poste similaire.</p>
      <div class="encart">Poste basé à <strong>${city}</strong>, déplacements ponctuels en région. Offre n° ${id}.</div>`;
  return {
    externalId: id,
    title,
    city,
    lieu: `${city} (${dept})`,
    contract: pick(CONTRACTS, i * 7),
    department: pick(SERVICES, i * 5),
    postedAt: `${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/2026`,
    salary,
    salaryLine,
    applyUrl: `https://candidature.exemple-carrieres.fr/postuler?offre=${id}`,
    path: `/emploi/${id}-${slug(title)}.html`,
    descriptionHtml,
    description: descriptionHtml.replace(/<[^>]+>/g, '').replace(/\s+/g, ''),
  };
}

const NAV = Array.from({ length: 24 }, (_, i) => `<li><a href="/rubrique/${i}">Rubrique ${i + 1} – nos métiers</a></li>`).join('\n        ');
const FOOTER = Array.from({ length: 18 }, (_, i) => `<a href="/infos/${i}">Informations légales ${i + 1}</a>`).join(' · ');
// A real site's inline scripts (analytics, consent): bytes to download and parse, nothing to extract.
const SCRIPT = `window.dataLayer = window.dataLayer || []; ${Array.from({ length: 30 }, (_, i) => `dataLayer.push({ event: 'vue_${i}', rubrique: 'emplois', position: ${i} });`).join(' ')}`;

function layout(title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>${title} – Exemple Carrières</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/assets/site.css">
  <script>${SCRIPT}</script>
</head>
<body>
  <div class="bandeau-cookies"><p>Nous utilisons des cookies pour mesurer l’audience de ce site et améliorer votre expérience.</p><button>Accepter</button> <button>Refuser</button></div>
  <header class="site-header">
    <a class="logo" href="/">Exemple Carrières</a>
    <nav class="site-nav">
      <ul>
        ${NAV}
      </ul>
    </nav>
  </header>
${main}
  <footer class="site-footer"><p>${FOOTER}</p><p>© 2026 Exemple Carrières – tous droits réservés.</p></footer>
  <script src="/assets/site.js" defer></script>
</body>
</html>
`;
}

function listPage(jobs: SiteJob[], page: number, pages: number): string {
  const items = jobs
    .map(
      (j) => `      <article class="offre">
        <h2 class="offre__titre"><a class="offre__lien" href="${j.path}">${j.title}</a></h2>
        <p class="offre__lieu">${j.lieu}</p>
        <p class="offre__contrat">${j.contract}</p>
        <p class="offre__extrait">Rejoignez nos équipes de ${j.city} : ${j.title.toLowerCase()}, poste à pourvoir rapidement.</p>
      </article>`,
    )
    .join('\n');
  const next = page < pages ? `<a class="pagination__suivant" href="/emplois?page=${page + 1}">Page suivante ›</a>` : '<span class="pagination__suivant--inactif">Page suivante ›</span>';
  return layout(`Nos offres d’emploi (page ${page})`, `  <main class="page-emplois">
    <h1>Nos offres d’emploi</h1>
    <section class="liste-offres">
${items}
    </section>
    <nav class="pagination"><span class="pagination__courante">${page}</span> ${next}</nav>
  </main>`);
}

function detailPage(job: SiteJob, others: SiteJob[]): string {
  const similar = others.map((o) => `<li><a href="${o.path}">${o.title} – ${o.lieu}</a></li>`).join('');
  return layout(job.title, `  <main class="fiche">
    <h1 class="fiche__titre">${job.title}</h1>
    <ul class="fiche__meta">
      <li class="fiche__lieu">${job.lieu}</li>
      <li class="fiche__date">Publiée le ${job.postedAt}</li>
      <li class="fiche__service">Service : ${job.department}</li>
      <li class="fiche__salaire">${job.salaryLine}</li>
    </ul>
    <div class="fiche__description">${job.descriptionHtml}
    </div>
    <a class="bouton fiche__postuler" href="${job.applyUrl}">Postuler</a>
    <aside class="offres-similaires"><h2>Offres similaires</h2><ul>${similar}</ul></aside>
  </main>`);
}

export interface Site {
  listUrl: string;
  jobs: ScrapedJob[];
  pages: number;
  /** Average size of a list page and of a detail page, in bytes. */
  bytes: { list: number; detail: number };
  requests(): number;
  close(): Promise<void>;
}

/** Renders the site (`count` jobs) and serves it on 127.0.0.1, answering each request after `latencyMs`. */
export async function startSite(count: number, latencyMs = 0): Promise<Site> {
  const jobs = Array.from({ length: count }, (_, i) => siteJob(i));
  const pageCount = Math.ceil(count / PER_PAGE);
  const pages = new Map<string, Buffer>();
  for (let p = 1; p <= pageCount; p++) {
    pages.set(p === 1 ? '/emplois' : `/emplois?page=${p}`, Buffer.from(listPage(jobs.slice((p - 1) * PER_PAGE, p * PER_PAGE), p, pageCount)));
  }
  jobs.forEach((j, i) => pages.set(j.path, Buffer.from(detailPage(j, [1, 2, 3, 4, 5].map((k) => jobs[(i + k) % count] as SiteJob)))));
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    const body = pages.get(req.url ?? '');
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Page introuvable</h1>');
      return;
    }
    const send = () => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
    // Optional server think time, to see how each contender overlaps waiting (0 by default: a local site).
    if (latencyMs > 0) setTimeout(send, latencyMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const size = (keys: string[]) => Math.round(keys.reduce((n, k) => n + (pages.get(k)?.length ?? 0), 0) / keys.length);
  const listKeys = [...pages.keys()].filter((k) => k.startsWith('/emplois'));
  return {
    listUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/emplois`,
    jobs: jobs.map(({ path: _p, lieu: _l, descriptionHtml: _d, salaryLine: _s, ...job }) => job),
    pages: pageCount,
    bytes: { list: size(listKeys), detail: size(jobs.map((j) => j.path)) },
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
