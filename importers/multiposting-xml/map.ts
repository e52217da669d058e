import type { RawJob } from '../sdk/definition';
import { parseSalaryText } from '../feed/salary-text';
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
  contractType: 'jobtype',
  department: 'category',
  applyUrl: 'url',
  postedAt: 'date',
};

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
