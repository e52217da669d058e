/**
 * The in-memory dataset behind every fixture client site. Each site renders its own shape (HTML, JSON-LD, XML,
 * ATS JSON) from these records at request time, so a test changes the jobs between two runs and sees the diff.
 * Deterministic: job n is always the same, so tests can assert literal values.
 */

export type Contract = 'CDI' | 'CDD' | 'Stage' | 'Alternance';
export type CountryCode = 'FR' | 'CA' | 'CH';
export type Currency = 'EUR' | 'CAD' | 'CHF';

export interface SiteSalary {
  min: number;
  max: number;
  currency: Currency;
  period: 'year' | 'month';
}

export interface SiteJob {
  /** Digits only: demo-careers reads the id from "/emploi/<id>-<slug>.html" and Greenhouse ids are numbers. */
  id: string;
  title: string;
  city: string;
  region: string;
  postalCode: string;
  country: CountryCode;
  remote: boolean;
  contract: Contract;
  department: string;
  salary: SiteSalary | null;
  /** Calendar date, YYYY-MM-DD. */
  postedAt: string;
  /** HTML. */
  description: string;
}

interface Template {
  title: string;
  contract: Contract;
  department: string;
  /** Yearly gross for CDI/CDD, monthly for Stage/Alternance, in EUR; scaled for other currencies. */
  pay: [number, number] | null;
  mission: string;
}

const TEMPLATES: Template[] = [
  { title: "Ingénieur(e) d'études", contract: 'CDI', department: "Bureau d'études", pay: [38_000, 45_000], mission: 'Concevoir les études techniques de nos projets de génie climatique' },
  { title: 'Chargé(e) de clientèle', contract: 'CDI', department: 'Service client', pay: [32_000, 36_000], mission: 'Accompagner nos clients et traiter leurs réclamations' },
  { title: 'Développeur·se full-stack', contract: 'CDI', department: 'Numérique', pay: [45_000, 55_000], mission: 'Faire évoluer notre plateforme de réservation' },
  { title: 'Assistant(e) ressources humaines', contract: 'CDD', department: 'Ressources humaines', pay: [28_000, 30_000], mission: 'Préparer les dossiers du personnel et les entretiens annuels' },
  { title: 'Stagiaire contrôle de gestion', contract: 'Stage', department: 'Finances', pay: [1_200, 1_200], mission: 'Participer à la clôture mensuelle et aux prévisions budgétaires' },
  { title: 'Alternant(e) comptabilité', contract: 'Alternance', department: 'Finances', pay: [1_100, 1_100], mission: 'Saisir les pièces comptables et rapprocher les relevés bancaires' },
  { title: "Responsable d'équipe logistique", contract: 'CDD', department: 'Opérations', pay: [36_000, 40_000], mission: "Animer l'équipe de préparation des commandes" },
  { title: 'Technicien(ne) de maintenance', contract: 'CDI', department: 'Opérations', pay: [30_000, 34_000], mission: 'Assurer la maintenance préventive de nos équipements' },
  { title: 'Chef(fe) de projet événementiel', contract: 'CDD', department: 'Marketing & communication', pay: null, mission: 'Organiser nos salons et nos journées portes ouvertes' },
  { title: 'Conseiller(ère) en rénovation énergétique', contract: 'CDI', department: 'Études & conseil', pay: [34_000, 39_000], mission: 'Réaliser des diagnostics et conseiller les particuliers' },
];

type Place = Pick<SiteJob, 'city' | 'region' | 'postalCode' | 'country'>;

// Five places against ten templates: template k always lands in place k % 5 (Ingénieur(e) in Lyon, Chargé(e) in Montréal…).
const PLACES: Place[] = [
  { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postalCode: '69002', country: 'FR' },
  { city: 'Montréal', region: 'Québec', postalCode: 'H2X 1Y4', country: 'CA' },
  { city: 'Genève', region: 'Genève', postalCode: '1204', country: 'CH' },
  { city: 'Besançon', region: 'Bourgogne-Franche-Comté', postalCode: '25000', country: 'FR' },
  { city: 'Orléans', region: 'Centre-Val de Loire', postalCode: '45000', country: 'FR' },
];

const CURRENCY: Record<CountryCode, { currency: Currency; rate: number }> = {
  FR: { currency: 'EUR', rate: 1 },
  CA: { currency: 'CAD', rate: 1.5 },
  CH: { currency: 'CHF', rate: 2 },
};

/** First job id is 1001: ids keep four digits up to job 8999. */
export const FIRST_ID = 1001;

const DAY_MS = 86_400_000;
const NEWEST = Date.UTC(2026, 2, 2); // 2026-03-02: job 1 is the newest, one day older per job.

function salaryOf(template: Template, country: CountryCode): SiteSalary | null {
  if (template.pay === null) return null;
  const { currency, rate } = CURRENCY[country];
  const monthly = template.contract === 'Stage' || template.contract === 'Alternance';
  // Yearly pay rounded to the thousand, monthly to the ten: how sites print them.
  const round = (n: number) => (monthly ? Math.round((n * rate) / 10) * 10 : Math.round((n * rate) / 1000) * 1000);
  return { min: round(template.pay[0]), max: round(template.pay[1]), currency, period: monthly ? 'month' : 'year' };
}

/** Job number n (1-based), always the same. */
export function makeJob(n: number): SiteJob {
  if (!Number.isInteger(n) || n < 1) throw new Error(`job numbers start at 1, got ${n}`);
  const template = TEMPLATES[(n - 1) % TEMPLATES.length]!;
  const place = PLACES[(n - 1) % PLACES.length]!;
  return {
    id: String(FIRST_ID + n - 1),
    title: template.title,
    ...place,
    // One job in seven is fully remote (jobs 3, 10, 17, 24…).
    remote: n % 7 === 3,
    contract: template.contract,
    department: template.department,
    salary: salaryOf(template, place.country),
    postedAt: new Date(NEWEST - (n - 1) * DAY_MS).toISOString().slice(0, 10),
    description: `<p>${template.mission}, à ${place.city}.</p><ul><li>Équipe de ${3 + (n % 5)} personnes</li><li>Poste n° ${n}</li></ul>`,
  };
}

/** `count` jobs numbered from `first`: `makeJobs(1000)` for volume tests. */
export function makeJobs(count: number, first = 1): SiteJob[] {
  return Array.from({ length: count }, (_, i) => makeJob(first + i));
}

/** The default dataset of every site: 25 jobs (ids 1001–1025), French titles with accents, three countries. */
export const DEFAULT_JOBS: readonly SiteJob[] = Object.freeze(makeJobs(25));

/** A copy of `jobs` with job `id` changed; throws when there is no such job (a typo would make the test vacuous). */
export function changeJob(jobs: readonly SiteJob[], id: string, patch: Partial<Omit<SiteJob, 'id'>>): SiteJob[] {
  if (!jobs.some((j) => j.id === id)) throw new Error(`no job ${id} in the dataset`);
  return jobs.map((j) => (j.id === id ? { ...j, ...patch } : j));
}

/** A copy of `jobs` without job `id`; throws when there is no such job. */
export function removeJob(jobs: readonly SiteJob[], id: string): SiteJob[] {
  if (!jobs.some((j) => j.id === id)) throw new Error(`no job ${id} in the dataset`);
  return jobs.filter((j) => j.id !== id);
}

/** A copy of `jobs` with one more job: the next number after the highest id, unless given. */
export function addJob(jobs: readonly SiteJob[], job?: SiteJob): SiteJob[] {
  const next = Math.max(FIRST_ID - 1, ...jobs.map((j) => Number(j.id))) - FIRST_ID + 2;
  return [...jobs, job ?? makeJob(next)];
}
