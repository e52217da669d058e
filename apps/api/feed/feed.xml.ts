import type { JobViewLocation } from '../../../db/job-view';
import type { JobJson } from '../jobs/job-json';

// The client feed as an Indeed-style XML document (<source><job>…</job></source>). Every value is client text: it
// goes through `cdata` only, the one escape of this file.

/** Characters XML 1.0 forbids anywhere (C0 controls but tab, line feed, carriage return; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A CDATA section holding `text` exactly: a `]]>` inside is split across two sections, forbidden characters dropped. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

const element = (name: string, value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '' : `<${name}>${cdata(value)}</${name}>`);

/** Indeed's `jobtype` words for our two fields (its vocabulary has no "permanent" or "volunteer": those are left out). */
const JOBTYPE: Readonly<Record<string, string>> = {
  full_time: 'fulltime',
  part_time: 'parttime',
  fixed_term: 'contract',
  freelance: 'contract',
  temporary_agency: 'temporary',
  internship: 'internship',
  apprenticeship: 'apprenticeship',
};

function salary(job: JobJson): string | null {
  const s = job.salary;
  if (!s || (s.min === null && s.max === null)) return null;
  const amount = s.min !== null && s.max !== null && s.min !== s.max ? `${s.min}-${s.max}` : String(s.min ?? s.max);
  return [amount, s.currency, s.period ? `per ${s.period}` : null].filter(Boolean).join(' ');
}

/** Fully remote when every location is remote, hybrid when some are. */
function remoteType(locations: JobViewLocation[]): string | null {
  const remote = locations.filter((l) => l.remote).length;
  if (remote === 0) return null;
  return remote === locations.length ? 'Fully remote' : 'Hybrid remote';
}

const place = (l: JobViewLocation): string =>
  [element('city', l.city), element('state', l.region), element('postalcode', l.postalCode), element('country', l.country)].join('');

/**
 * One <job>. Indeed reads one place per job: the first location goes in the top-level <city>, <state>,
 * <postalcode>, <country>; every location (the first again) is listed in <locations>, so nothing is lost for a
 * consumer that reads them, and a job is never split into several with invented reference numbers.
 */
function jobXml(job: JobJson, company: string): string {
  const first = job.locations[0];
  const jobtype = [job.workingTime, job.contractType].map((v) => (v ? JOBTYPE[v] : undefined)).filter((v): v is string => v !== undefined);
  return [
    '<job>',
    element('title', job.title),
    element('date', new Date(job.postedAt ?? job.createdAt).toUTCString()),
    element('referencenumber', job.externalId),
    element('url', job.applyUrl),
    element('company', company),
    first ? place(first) : '',
    element('remotetype', remoteType(job.locations)),
    job.locations.length > 0
      ? `<locations>${job.locations.map((l) => `<location>${place(l)}<remote>${l.remote}</remote></location>`).join('')}</locations>`
      : '',
    element('description', job.description),
    element('salary', salary(job)),
    element('salarylabel', job.salaryLabel),
    element('jobtype', jobtype.join(', ')),
    element('contracttype', job.contractType),
    element('workingtime', job.workingTime),
    element('contractlabel', job.contractLabel),
    element('category', job.department),
    '</job>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

export function feedXml(feed: { clientName: string; lastModified: Date | null; jobs: JobJson[] }): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<source>',
    element('publisher', feed.clientName),
    feed.lastModified ? element('lastBuildDate', feed.lastModified.toUTCString()) : '',
    ...feed.jobs.map((job) => jobXml(job, feed.clientName)),
    '</source>',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}
