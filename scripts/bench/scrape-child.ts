// One scraping contender in a process of its own, so its peak RSS is its own. Usage (forked by scrape-bench.ts):
//   scrape-child.ts <html|crawlee|floor> <listUrl> <concurrency>
// Each contender walks the list pages (20 jobs, a "next" link), fetches every detail page and extracts the same
// fields; the result goes back over IPC in comparable form (see ScrapedJob). Each imports only its own modules.
import type { CheerioAPI } from 'cheerio';
import type { ScrapedJob } from './site';

export type Contender = 'html' | 'crawlee' | 'floor';

export interface ChildResult {
  contender: Contender;
  ok: boolean;
  error?: string;
  /** Module loading before the crawl (not in wallMs). */
  loadMs: number;
  wallMs: number;
  /** CPU time of the process over the crawl (user + system). */
  cpuMs: number;
  peakRssKb: number;
  jobs: ScrapedJob[];
}

/** As the SDK reads text: whitespace collapsed, trimmed. */
const text = (s: string): string => s.replace(/\s+/g, ' ').trim();
const capture = (s: string, re: RegExp): string => re.exec(s)?.[1] ?? '';

interface Listed {
  detailUrl: string;
  externalId: string;
  city: string;
  contract: string;
}
type Detail = Omit<ScrapedJob, 'externalId' | 'city' | 'contract'>;

/** The salary's first amount, as demo-careers's salary transform reads it. */
const SALARY_AMOUNT = /(\d[\d\s]*(?:[.,]\d+)?\s*€)/u;

// The hand-written extraction of crawlee and the floor: the same selectors as the shipped demo-careers scraper.
function listItems($: CheerioAPI, pageUrl: string): { items: Listed[]; next: string | null } {
  const items = $('section.liste-offres article.offre')
    .toArray()
    .map((node) => {
      const item = $(node);
      const href = item.find('a.offre__lien').first().attr('href') ?? '';
      return {
        detailUrl: new URL(href, pageUrl).href,
        externalId: capture(href, /\/emploi\/(\d+)-/u),
        city: capture(text(item.find('.offre__lieu').first().text()), /^(.+?)\s*\(/u),
        contract: text(item.find('.offre__contrat').first().text()),
      };
    });
  const next = $('a.pagination__suivant').first().attr('href');
  return { items, next: next ? new URL(next, pageUrl).href : null };
}

function detailFields($: CheerioAPI): Detail {
  return {
    title: text($('h1.fiche__titre').first().text()),
    description: $('.fiche__description').first().html() ?? '',
    postedAt: capture(text($('.fiche__date').first().text()), /Publiée le (.+)$/u),
    department: capture(text($('.fiche__service').first().text()), /Service\s*:\s*(.+)$/u),
    salary: capture(text($('.fiche__salaire').first().text()), SALARY_AMOUNT),
    applyUrl: $('a.fiche__postuler').first().attr('href') ?? '',
  };
}

/**
 * The shipped demo-careers scraper (importers/demo-careers), as is: only its page cap (20, this site has more
 * pages) and its detail concurrency (the bench's) are the bench's.
 */
async function runHtmlImporter(listUrl: string, concurrency: number): Promise<ScrapedJob[]> {
  const { createExtractContext } = await import('../../importers/sdk');
  const { extractHtml } = await import('../../importers/sdk/kinds/html');
  const { demoCareers } = await import('../../importers/demo-careers');
  const config = { ...demoCareers.scraper, listUrls: [listUrl], maxPages: 1000, detailConcurrency: concurrency };
  const ctx = createExtractContext({ allowPrivate: ['127.0.0.0/8'], perHostConcurrency: concurrency });
  const jobs: ScrapedJob[] = [];
  try {
    for await (const { raw } of extractHtml(ctx, config)) {
      jobs.push({
        externalId: String(raw.externalId ?? ''),
        title: raw.title ?? '',
        city: raw.location?.city ?? '',
        contract: typeof raw.contractType === 'string' ? raw.contractType : '',
        department: raw.department ?? '',
        postedAt: String(raw.postedAt ?? ''),
        salary: String(raw.salary?.min ?? ''),
        applyUrl: raw.applyUrl ?? '',
        description: raw.description ?? '',
      });
    }
  } finally {
    await ctx.close();
  }
  return jobs;
}

async function runCrawlee(listUrl: string, concurrency: number): Promise<ScrapedJob[]> {
  const { CheerioCrawler, Configuration, log } = await import('@crawlee/cheerio');
  log.setLevel(log.LEVELS.WARNING);
  const jobs: ScrapedJob[] = [];
  const crawler = new CheerioCrawler(
    {
      // Fixed at the same concurrency as the others (the autoscaled pool would otherwise start at 1 and ramp up).
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      async requestHandler({ request, $: crawlee$, addRequests }) {
        // crawlee brings its own cheerio (1.0.0-rc.12, htmlparser2): the calls used here are the same in 1.2.
        const $ = crawlee$ as unknown as CheerioAPI;
        if (request.label === 'detail') {
          const { detailUrl: _url, ...listed } = request.userData.listed as Listed;
          jobs.push({ ...listed, ...detailFields($) });
          return;
        }
        const { items, next } = listItems($, request.loadedUrl ?? request.url);
        await addRequests(items.map((listed) => ({ url: listed.detailUrl, label: 'detail', userData: { listed } })));
        if (next) await addRequests([{ url: next, label: 'list' }]);
      },
    },
    new Configuration({ persistStorage: false }),
  );
  await crawler.run([{ url: listUrl, label: 'list' }]);
  return jobs;
}

/** The floor: C workers on one queue, global fetch + cheerio.load (htmlparser2), nothing else. */
async function runFloor(listUrl: string, concurrency: number): Promise<ScrapedJob[]> {
  const { load } = await import('cheerio');
  const jobs: ScrapedJob[] = [];
  const queue: { url: string; listed?: Listed }[] = [{ url: listUrl }];
  const waiting: (() => void)[] = [];
  const wake = () => waiting.splice(0).forEach((resolve) => resolve());
  let active = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const task = queue.shift();
      if (!task) {
        if (active === 0) return;
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      active++;
      try {
        const response = await fetch(task.url);
        if (!response.ok) throw new Error(`HTTP ${response.status} on ${task.url}`);
        const $ = load(await response.text(), { xml: { xmlMode: false, encodeEntities: 'utf8' } });
        if (task.listed) {
          const { detailUrl: _url, ...listed } = task.listed;
          jobs.push({ ...listed, ...detailFields($) });
        } else {
          const { items, next } = listItems($, task.url);
          queue.push(...items.map((listed) => ({ url: listed.detailUrl, listed })));
          if (next) queue.push({ url: next });
        }
      } finally {
        active--;
        wake();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return jobs;
}

const RUNNERS: Record<Contender, (listUrl: string, concurrency: number) => Promise<ScrapedJob[]>> = {
  html: runHtmlImporter,
  crawlee: runCrawlee,
  floor: runFloor,
};

const MODULES: Record<Contender, () => Promise<unknown>[]> = {
  html: () => [import('../../importers/sdk'), import('../../importers/sdk/kinds/html'), import('../../importers/demo-careers')],
  crawlee: () => [import('@crawlee/cheerio')],
  floor: () => [import('cheerio')],
};

/** Descriptions compared by their text without whitespace (serialisers differ on entities and spacing). */
async function comparable(jobs: ScrapedJob[]): Promise<ScrapedJob[]> {
  const { load } = await import('cheerio');
  return jobs
    .map((j) => ({ ...j, description: load(j.description).text().replace(/\s+/g, '') }))
    .sort((a, b) => a.externalId.localeCompare(b.externalId));
}

async function main(): Promise<void> {
  const [contender, listUrl, concurrencyArg] = process.argv.slice(2) as [Contender, string, string];
  const concurrency = Number(concurrencyArg);
  const send = (result: ChildResult) => new Promise<void>((resolve) => (process.send ? process.send(result, () => resolve()) : resolve()));
  const cpu = () => {
    const usage = process.resourceUsage();
    return (usage.userCPUTime + usage.systemCPUTime) / 1000;
  };
  const base = { contender, loadMs: 0, wallMs: 0, cpuMs: 0, peakRssKb: 0, jobs: [] };
  const runner = RUNNERS[contender];
  if (!runner) return send({ ...base, ok: false, error: `unknown contender "${contender}"` });
  try {
    // Module loading happens on the first call: a dry import first, so the crawl is timed alone.
    const loadStart = performance.now();
    await Promise.all(MODULES[contender]());
    const loadMs = performance.now() - loadStart;
    const cpuStart = cpu();
    const start = performance.now();
    const jobs = await runner(listUrl, concurrency);
    const wallMs = performance.now() - start;
    const cpuMs = cpu() - cpuStart;
    await send({ contender, ok: true, loadMs, wallMs, cpuMs, peakRssKb: process.resourceUsage().maxRSS, jobs: await comparable(jobs) });
  } catch (err) {
    await send({ ...base, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err), peakRssKb: process.resourceUsage().maxRSS });
  }
}

void main();
