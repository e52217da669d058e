import type { RawJob } from '../sdk/definition';
import { toPeriod } from '../sdk/fields/salary';
import { type XmlElement, type XmlFieldMap, xmlValue } from '../sdk/kinds/xml';

/** Indeed/multiposting element names → RawJob fields. Descriptions come as CDATA or escaped HTML: both read as text. */
export const MULTIPOSTING_FIELDS: XmlFieldMap = {
  externalId: 'referencenumber',
  title: 'title',
  description: 'description',
  'location.city': 'city',
  'location.region': 'state',
  'location.postalCode': 'postalcode',
  'location.country': 'country',
  employmentType: 'jobtype',
  department: 'category',
  applyUrl: 'url',
  postedAt: 'date',
};

// Amounts: digits with thousands separators (space, nbsp, dot, comma) and an optional "k" ("35k€").
const AMOUNT = /\d[\d\s\u00a0\u202f.,]*(?:k(?![a-z]))?/gi;

/**
 * `<salary>` is free text: "23 000 € - 26 000 € brut annuel", "12,50 € de l'heure", "selon profil". The first two
 * amounts make a range (one amount: a fixed salary); the whole text is handed on as currency and period so
 * normalisation reads symbols and words from it. A period it would not recognise is left out rather than failing
 * the job, and text with no amount is no salary.
 */
export function parseSalaryText(text: string | null): RawJob['salary'] {
  if (text === null) return null;
  const amounts = (text.match(AMOUNT) ?? []).map((a) => a.trim().replace(/[.,]$/, '')).filter((a) => a !== '');
  const [first, second] = amounts;
  if (first === undefined) return null;
  const period = toPeriod(text);
  return { min: first, max: second ?? first, currency: text, period: period?.ok ? period.value : null };
}

// Indeed's <remotetype>: "Fully remote" is remote; "Hybrid remote" and "Temporarily remote" are not.
const FULLY_REMOTE = /fully remote|full[- ]remote|100\s*%\s*(remote|t[ée]l[ée]travail)|t[ée]l[ée]travail (complet|total)/i;

/** Completes the field-mapped record with what a path alone cannot express. */
export function completeMultipostingJob(item: XmlElement, mapped: RawJob): RawJob {
  const remoteType = xmlValue(item, 'remotetype');
  return {
    ...mapped,
    location: { ...mapped.location, remote: remoteType !== null && FULLY_REMOTE.test(remoteType) },
    salary: parseSalaryText(xmlValue(item, 'salary')),
    updatedAt: null,
  };
}
