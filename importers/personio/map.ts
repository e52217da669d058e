import type { RawJob } from '../sdk/definition';
import type { EmploymentType } from '../sdk/job';
import { type XmlElement, xmlAll, xmlValue } from '../sdk/kinds/xml';

/**
 * Personio gives the contract (`employmentType`) and the schedule separately; the pair decides ours. Mapped here
 * because "permanent" alone reads as full-time, which a part-time permanent contract is not.
 */
export function personioEmploymentType(employmentType: string | null, schedule: string | null): EmploymentType | null {
  switch (employmentType) {
    case 'intern':
      return 'internship';
    case 'trainee':
      // German "Ausbildung", the French "alternance".
      return 'apprenticeship';
    case 'freelance':
      return 'freelance';
    case 'temporary':
      return 'temporary';
    case 'working_student':
      return 'part_time';
    case 'permanent':
      return schedule === 'part-time' ? 'part_time' : 'full_time';
    case null:
      return schedule === 'part-time' ? 'part_time' : schedule === 'full-time' ? 'full_time' : null;
    default:
      return 'other';
  }
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
    location: { city: xmlValue(position, 'office'), region: null, postalCode: null, country: options.country, remote: false },
    employmentType: personioEmploymentType(xmlValue(position, 'employmentType'), xmlValue(position, 'schedule')),
    department: xmlValue(position, 'department'),
    salary: null,
    applyUrl: id === null ? null : `${options.jobsOrigin}/job/${encodeURIComponent(id)}?language=${encodeURIComponent(options.language)}`,
    postedAt: xmlValue(position, 'createdAt'),
    updatedAt: null,
  };
}
