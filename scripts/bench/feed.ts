// Multiposting XML feeds for the import benchmark: written once to files (never held whole in memory), then
// streamed chunked by a node:http server on 127.0.0.1, so serving costs the measured worker almost no CPU.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';

const CITIES: [city: string, postalCode: string, region: string][] = [
  ['Paris', '75009', 'Île-de-France'],
  ['Lyon', '69003', 'Auvergne-Rhône-Alpes'],
  ['Marseille', '13001', "Provence-Alpes-Côte d'Azur"],
  ['Toulouse', '31000', 'Occitanie'],
  ['Nantes', '44000', 'Pays de la Loire'],
  ['Lille', '59000', 'Hauts-de-France'],
  ['Bordeaux', '33000', 'Nouvelle-Aquitaine'],
  ['Strasbourg', '67000', 'Grand Est'],
  ['Rennes', '35000', 'Bretagne'],
  ['Montpellier', '34000', 'Occitanie'],
  ['Nice', '06000', "Provence-Alpes-Côte d'Azur"],
  ['Grenoble', '38000', 'Auvergne-Rhône-Alpes'],
];
const TITLES = [
  'Chargé(e) de clientèle',
  'Technicien(ne) de maintenance',
  'Comptable fournisseurs',
  'Développeur(se) full-stack',
  'Responsable de magasin',
  'Infirmier(ère) de bloc opératoire',
  'Conducteur(trice) de ligne',
  'Assistant(e) ressources humaines',
  'Préparateur(trice) de commandes',
  'Ingénieur(e) méthodes',
  'Commercial(e) itinérant(e)',
  'Cuisinier(ère) – restauration collective',
];
const CONTRACTS = ['CDI', 'CDD', 'Intérim', 'Alternance', 'Stage', 'Temps partiel'];
const CATEGORIES = ['Relation client', 'Maintenance', 'Finance', 'Informatique', 'Commerce', 'Santé', 'Production', 'Ressources humaines', 'Logistique'];
const SALARIES = ['24 000 € - 28 000 € brut annuel', '32 000 € - 38 000 € brut annuel', '12,50 € de l\'heure', '2 100 € brut par mois', 'selon profil', '45k€ - 55k€'];

export interface FeedSpec {
  jobs: number;
  /** External ids are `<prefix>-<n>`: one prefix per import keeps imports apart. */
  prefix: string;
  /** Every job whose index is a multiple of this gets a changed title and description (10 → 10 % changed). */
  changeEvery?: number;
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** One `<job>` of the Indeed/multiposting shape (see importers/multiposting-xml/fixtures/feed.xml), ≈ 1.3 KB. */
export function jobXml(i: number, spec: FeedSpec): string {
  const [city, postalCode, region] = pick(CITIES, i * 7);
  const changed = spec.changeEvery !== undefined && i % spec.changeEvery === 0;
  const title = `${pick(TITLES, i)} H/F${changed ? ' – poste mis à jour' : ''}`;
  const id = `${spec.prefix}-${i}`;
  const day = String(1 + (i % 28)).padStart(2, '0');
  const description =
    `<p>Au sein de notre agence de ${city}, vous rejoignez une équipe de ${5 + (i % 20)} personnes. ` +
    `Vous êtes l'interlocuteur privilégié de nos clients et partenaires, et participez à l'amélioration continue de nos services.</p>` +
    `<h3>Vos missions</h3><ul><li>Accueillir, conseiller et accompagner les clients au quotidien</li>` +
    `<li>Assurer le suivi administratif des dossiers et la mise à jour des outils internes</li>` +
    `<li>Contribuer aux projets transverses de l'établissement (qualité, sécurité, formation)</li></ul>` +
    `<h3>Votre profil</h3><p>Vous justifiez d'une première expérience réussie sur un poste similaire ; ` +
    `rigueur, sens du service et esprit d'équipe sont indispensables. Référence ${id}.</p>` +
    (changed ? `<p><strong>Mise à jour :</strong> prise de poste anticipée, entretiens dès cette semaine.</p>` : '');
  return `  <job>
    <title><![CDATA[${title}]]></title>
    <date><![CDATA[Mon, ${day} Mar 2025 09:15:00 +0100]]></date>
    <referencenumber><![CDATA[${id}]]></referencenumber>
    <url><![CDATA[https://carrieres.exemple.fr/offres/${id}?source=feed]]></url>
    <company><![CDATA[Groupe Exemple – ${city}]]></company>
    <city><![CDATA[${city}]]></city>
    <state><![CDATA[${region}]]></state>
    <postalcode><![CDATA[${postalCode}]]></postalcode>
    <country><![CDATA[FR]]></country>
    <description><![CDATA[${description}]]></description>
    <salary><![CDATA[${pick(SALARIES, i * 5)}]]></salary>
    <jobtype><![CDATA[${pick(CONTRACTS, i * 3)}]]></jobtype>
    <category><![CDATA[${pick(CATEGORIES, i)}]]></category>
  </job>
`;
}

/** Writes the whole feed to `file` in batches (respecting backpressure); returns its size in bytes. */
export async function writeFeed(file: string, spec: FeedSpec): Promise<number> {
  async function* chunks(): AsyncGenerator<string> {
    yield `<?xml version="1.0" encoding="utf-8"?>\n<source>\n  <publisher>Groupe Exemple</publisher>\n  <lastBuildDate>Mon, 31 Mar 2025 06:00:00 GMT</lastBuildDate>\n`;
    for (let start = 0; start < spec.jobs; start += 1000) {
      let batch = '';
      for (let i = start; i < Math.min(spec.jobs, start + 1000); i++) batch += jobXml(i, spec);
      yield batch;
    }
    yield '</source>\n';
  }
  await pipeline(chunks, createWriteStream(file));
  return (await stat(file)).size;
}

export interface FeedServer {
  /** URL that serves `file`; what it serves can be switched later with `serve(name, file)`. */
  serve(name: string, file: string): string;
  close(): Promise<void>;
}

/**
 * Serves feed files by name, chunked (no content-length), from 127.0.0.1, with the validators a static file server
 * sends (nginx: ETag from mtime and size, Last-Modified) and 304 answers to a matching If-None-Match.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const files = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '').replace(/^\/feeds\//, '').replace(/\.xml$/, ''));
    const file = files.get(name);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed');
      return;
    }
    stat(file).then(
      (info) => {
        const validators = { etag: `"${Math.floor(info.mtimeMs).toString(16)}-${info.size.toString(16)}"`, 'last-modified': info.mtime.toUTCString() };
        if (req.headers['if-none-match'] === validators.etag) {
          res.writeHead(304, validators).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', ...validators });
        pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), res).catch(() => res.destroy());
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    serve(name, file) {
      files.set(name, file);
      return `${base}/feeds/${encodeURIComponent(name)}.xml`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
