import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Job, LayoutChangedError } from '../../importers/sdk';
import { addJob, changeJob, DEFAULT_JOBS, makeJobs, removeJob } from '../../demo/sites/jobs';
import { runImporter, runSite } from './run';
import { type ClientSites, startClientSites } from '../../demo/sites/server';

// Every site read by its real importer through the production fetch policy, then normalised. Expected values are
// written by hand from the dataset (jobs.ts), not computed by the renderers.

let sites: ClientSites;
beforeAll(async () => {
  sites = await startClientSites();
});
afterEach(() => sites.reset());
afterAll(async () => {
  await sites.close();
});

const IDS = Array.from({ length: 25 }, (_, i) => String(1001 + i));
const byId = (jobs: Job[], id: string) => {
  const job = jobs.find((j) => j.externalId === id);
  if (!job) throw new Error(`no job ${id} among ${jobs.map((j) => j.externalId).join(',')}`);
  const { contentHash: _hash, ...rest } = job;
  return rest;
};

describe('acme: paginated html site, read by demo-careers', () => {
  it('yields the 25 jobs over three list pages and 25 detail pages', async () => {
    const run = await runSite(sites.sites.acme);
    expect(run.invalid).toEqual([]);
    expect(run.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(sites.sites.acme.requests.filter((r) => r.path.startsWith('/acme/emplois')).map((r) => r.path)).toEqual([
      '/acme/emplois',
      '/acme/emplois?page=2',
      '/acme/emplois?page=3',
    ]);
    expect(sites.requests.length).toBe(28);
    expect(byId(run.jobs, '1001')).toEqual({
      externalId: '1001',
      title: "Ingénieur(e) d'études",
      description: '<p>Concevoir les études techniques de nos projets de génie climatique, à Lyon.</p><ul><li>Équipe de 4 personnes</li><li>Poste n° 1</li></ul>',
      locations: [{ city: 'Lyon', region: null, postalCode: null, country: 'FR', remote: false }],
      contractType: 'permanent',
      workingTime: null,
      contractLabel: 'CDI',
      department: "Bureau d'études",
      salary: { min: 38000, max: 45000, currency: 'EUR', period: 'year' },
      applyUrl: 'https://candidature.acme.example/postuler?offre=1001',
      postedAt: '2026-03-02T00:00:00.000Z',
      updatedAt: null,
    });
    // demo-careers assumes every office is in France and reads € amounts only: Montréal comes out "FR", no salary.
    expect(byId(run.jobs, '1002')).toMatchObject({ locations: [{ city: 'Montréal', country: 'FR' }], salary: null });
    expect(byId(run.jobs, '1005')).toMatchObject({
      title: 'Stagiaire contrôle de gestion',
      contractType: 'internship',
      salary: { min: 1200, max: 1200, currency: 'EUR', period: 'month' },
    });
  });

  it('with the generic html config, reads countries and currencies too', async () => {
    const run = await runImporter('html', sites.sites.acme.genericConfig());
    expect(run.jobs).toHaveLength(25);
    expect(byId(run.jobs, '1002')).toMatchObject({
      locations: [{ city: 'Montréal', country: 'CA', remote: false }],
      salary: { min: 48000, max: 54000, currency: 'CAD', period: 'year' },
    });
    expect(byId(run.jobs, '1003')).toMatchObject({
      title: 'Développeur·se full-stack',
      locations: [{ city: 'Genève', country: 'CH', remote: true }],
      salary: { min: 90000, max: 110000, currency: 'CHF', period: 'year' },
    });
  });

  it('an empty dataset: demo-careers sees a layout change, the generic config (emptySelector) an empty listing', async () => {
    sites.sites.acme.setJobs([]);
    await expect(runSite(sites.sites.acme)).rejects.toBeInstanceOf(LayoutChangedError);
    expect((await runImporter('html', sites.sites.acme.genericConfig())).extracted).toEqual([]);
  });
});

describe('latin1: the same site as ISO-8859-1 bytes', () => {
  it('serves Latin-1 bytes, with characters outside Latin-1 as numeric references', async () => {
    const res = await fetch(`${sites.sites.latin1.url}/emploi/1001-ingenieur-e-d-etudes.html`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-type')).toBe('text/html; charset=iso-8859-1');
    expect(bytes.includes(Buffer.from([0x49, 0x6e, 0x67, 0xe9, 0x6e]))).toBe(true); // "Ingén" with é = 0xE9
    expect(bytes.includes(Buffer.from('Ingén', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('&#8364;', 'ascii'))).toBe(true); // €
  });

  it('decodes to the same accented values as the UTF-8 site', async () => {
    const run = await runSite(sites.sites.latin1);
    expect(run.invalid).toEqual([]);
    expect(run.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(byId(run.jobs, '1010')).toEqual({
      externalId: '1010',
      title: 'Conseiller(ère) en rénovation énergétique',
      description: '<p>Réaliser des diagnostics et conseiller les particuliers, à Orléans.</p><ul><li>Équipe de 3 personnes</li><li>Poste n° 10</li></ul>',
      locations: [{ city: 'Orléans', region: null, postalCode: null, country: 'FR', remote: true }],
      contractType: 'permanent',
      workingTime: null,
      contractLabel: 'CDI',
      department: 'Études & conseil',
      salary: { min: 34000, max: 39000, currency: 'EUR', period: 'year' },
      applyUrl: 'https://emplois.acme-ancien.example/postuler?offre=1010',
      postedAt: '2026-02-21T00:00:00.000Z',
      updatedAt: null,
    });
  });
});

describe('jsonld, feed and the ATS boards', () => {
  it('jsonld: one listing page, one JobPosting per job page', async () => {
    const run = await runSite(sites.sites.jsonld);
    expect(run.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(byId(run.jobs, '1002')).toMatchObject({
      title: 'Chargé(e) de clientèle',
      locations: [{ city: 'Montréal', region: 'Québec', postalCode: 'H2X 1Y4', country: 'CA', remote: false }],
      salary: { min: 48000, max: 54000, currency: 'CAD', period: 'year' },
      applyUrl: `${sites.sites.jsonld.url}/carrieres/1002`,
      postedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(byId(run.jobs, '1006')).toMatchObject({ title: 'Alternant(e) comptabilité', contractType: 'apprenticeship', salary: { min: 1100, period: 'month' } });
  });

  it('feed: a chunked multiposting XML feed', async () => {
    const res = await fetch(sites.sites.feed.importerConfig().feedUrl);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    await res.arrayBuffer();
    const run = await runSite(sites.sites.feed);
    expect(run.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(byId(run.jobs, '1003')).toMatchObject({
      locations: [{ city: 'Genève', region: 'Genève', postalCode: '1204', country: 'CH', remote: true }],
      salary: { min: 90000, max: 110000, currency: 'CHF', period: 'year' },
      postedAt: '2026-02-28T09:00:00.000Z',
      applyUrl: 'https://carrieres.acme.example/offres/1003-developpeur-se-full-stack',
    });
    expect(byId(run.jobs, '1002').locations[0]?.country).toBe('CA'); // written "Canada" on odd items
  });

  it('greenhouse: one request, escaped content, free-text locations with offsets in dates', async () => {
    const run = await runSite(sites.sites.greenhouse);
    expect(run.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(byId(run.jobs, '1003')).toMatchObject({
      description: '<p>Faire évoluer notre plateforme de réservation, à Genève.</p><ul><li>Équipe de 6 personnes</li><li>Poste n° 3</li></ul>',
      locations: [{ city: 'Genève', region: 'Genève', postalCode: null, country: 'CH', remote: true }],
      contractType: 'permanent',
      contractLabel: 'CDI',
      applyUrl: 'https://boards.greenhouse.io/acme/jobs/1003',
      postedAt: '2026-02-28T08:00:00.000Z',
      updatedAt: '2026-02-28T08:00:00.000Z',
    });
  });

  it('lever: skip/limit pages of 10, the third one short', async () => {
    const run = await runSite(sites.sites.lever);
    expect(run.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(sites.sites.lever.requests.map((r) => new URL(r.path, sites.baseUrl).searchParams.get('skip'))).toEqual(['0', '10', '20']);
    expect(byId(run.jobs, '1003')).toMatchObject({ locations: [{ city: null, country: 'CH', remote: true }], salary: { min: 90000, currency: 'CHF' } });
    expect(byId(run.jobs, '1004')).toMatchObject({ title: 'Assistant(e) ressources humaines', contractType: 'fixed_term', contractLabel: 'CDD' });
  });

  it('workable and recruitee: one request each', async () => {
    const workable = await runSite(sites.sites.workable);
    expect(workable.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(byId(workable.jobs, '1006').contractType).toBe('other'); // Workable has no apprenticeship type
    expect(byId(workable.jobs, '1002').locations).toEqual([{ city: 'Montréal', region: 'Québec', postalCode: 'H2X 1Y4', country: 'CA', remote: false }]);
    const recruitee = await runSite(sites.sites.recruitee);
    expect(recruitee.jobs.map((j) => j.externalId)).toEqual(IDS);
    expect(byId(recruitee.jobs, '1004')).toMatchObject({
      locations: [{ city: 'Besançon', region: 'Bourgogne-Franche-Comté', postalCode: '25000', country: 'FR' }],
      contractType: 'fixed_term',
      workingTime: 'full_time',
      contractLabel: 'fulltime_fixed_term',
      salary: { min: 28000, max: 30000, currency: 'EUR', period: 'year' },
      postedAt: '2026-02-27T08:00:00.000Z',
    });
  });
});

describe('datasets change between runs', () => {
  function diff(before: Job[], after: Job[]) {
    const old = new Map(before.map((j) => [j.externalId, j.contentHash]));
    const now = new Map(after.map((j) => [j.externalId, j.contentHash]));
    return {
      added: [...now.keys()].filter((id) => !old.has(id)),
      removed: [...old.keys()].filter((id) => !now.has(id)),
      changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    };
  }

  it.each(['acme', 'feed', 'greenhouse'] as const)('%s: one job added, one changed, one removed', async (name) => {
    const site = sites.sites[name];
    const before = (await runSite(site)).jobs;
    site.setJobs(addJob(removeJob(changeJob(DEFAULT_JOBS, '1002', { title: 'Chargé(e) de clientèle senior' }), '1005')));
    const after = (await runSite(site)).jobs;
    expect(diff(before, after)).toEqual({ added: ['1026'], removed: ['1005'], changed: ['1002'] });
    expect(byId(after, '1002').title).toBe('Chargé(e) de clientèle senior');
    expect(byId(after, '1026').title).toBe('Alternant(e) comptabilité'); // job 26 = template 6
  });

  it('makeJobs: 120 jobs on lever take 13 requests (the last one empty)', async () => {
    sites.sites.lever.setJobs(makeJobs(120));
    const run = await runSite(sites.sites.lever);
    expect(run.jobs).toHaveLength(120);
    expect(run.jobs.at(-1)?.externalId).toBe('1120');
    expect(sites.sites.lever.requests).toHaveLength(13);
  });

  it('setJobs keeps its own copy, and reset() restores the defaults', async () => {
    const jobs = makeJobs(3);
    sites.sites.workable.setJobs(jobs);
    jobs.pop();
    expect(sites.sites.workable.jobs).toHaveLength(3);
    expect((await runSite(sites.sites.workable)).jobs).toHaveLength(3);
    sites.reset();
    expect(sites.sites.workable.jobs).toHaveLength(25);
    expect(sites.requests).toEqual([]);
  });
});
