import type { RawJob, RawLocation } from '../sdk/definition';
import { type XmlElement, xmlAll, xmlValue } from '../sdk/kinds/xml';

/**
 * Personio's contract codes that generic wording would misread: a `trainee` is the German "Ausbildung", the French
 * "alternance"; a `working_student` (Werkstudent) is a student's job, no contract type of ours. The others
 * (permanent, intern, freelance, temporary = fixed-term) read as they are. The schedule (full-time, part-time,
 * flexible) is the working time.
 */
const CONTRACTS: Record<string, string> = { trainee: 'apprenticeship', working_student: 'other' };

export function personioContract(employmentType: string | null, schedule: string | null): Pick<RawJob, 'contractType' | 'workingTime' | 'contractLabel'> {
  const label = [employmentType, schedule].filter((w) => w !== null).join(', ');
  return {
    contractType: employmentType === null ? null : (CONTRACTS[employmentType] ?? employmentType),
    workingTime: schedule,
    contractLabel: label === '' ? null : label,
  };
}

/** The main `office` first, then each of `additionalOffices`: bare city names. */
export function personioOffices(position: XmlElement): string[] {
  const offices = [xmlValue(position, 'office'), ...xmlAll(position, 'additionalOffices/office').map((office) => xmlValue(office, '.'))];
  return [...new Set(offices.filter((office): office is string => office !== null))];
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Each `jobDescription` is a titled HTML block (CDATA): `<h3>name</h3>` + value, in feed order. */
export function personioDescription(position: XmlElement): string | null {
  const parts = xmlAll(position, 'jobDescriptions/jobDescription').flatMap((block) => {
    const value = xmlValue(block, 'value');
    if (value === null) return [];
    const name = xmlValue(block, 'name');
    return [name === null ? value : `<h3>${escapeText(name)}</h3>${value}`];
  });
  return parts.length === 0 ? null : parts.join('\n');
}

// An office named only as remote work ("Remote", "Homeoffice", "Télétravail") is no city: the place is remote.
const REMOTE_OFFICE = /^\s*(full[- ]?remote|remote|home[- ]?office|mobiles arbeiten|t[ée]l[ée]travail|à distance)\s*$/iu;

function personioLocation(office: string, country: string | null): RawLocation {
  const remote = REMOTE_OFFICE.test(office);
  return { city: remote ? null : office, region: null, postalCode: null, country, remote };
}

export interface PersonioMapOptions {
  /** Origin of the public job pages, e.g. `https://acme.jobs.personio.de`. */
  jobsOrigin: string;
  language: string;
  /** The feed names offices by city only. */
  country: string | null;
}

export function mapPersonioPosition(position: XmlElement, options: PersonioMapOptions): RawJob {
  const id = xmlValue(position, 'id');
  return {
    externalId: id,
    title: xmlValue(position, 'name'),
    description: personioDescription(position),
    locations: personioOffices(position).map((office) => personioLocation(office, options.country)),
    ...personioContract(xmlValue(position, 'employmentType'), xmlValue(position, 'schedule')),
    department: xmlValue(position, 'department'),
    salary: null,
    applyUrl: id === null ? null : `${options.jobsOrigin}/job/${encodeURIComponent(id)}?language=${encodeURIComponent(options.language)}`,
    postedAt: xmlValue(position, 'createdAt'),
    updatedAt: null,
  };
}
