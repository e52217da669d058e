import { z } from 'zod';
import type { RawJob } from '../sdk/definition';

const labelled = z.object({ id: z.string().nullish(), label: z.string().nullish() }).nullish();

/** One page of `GET /v1/companies/{id}/postings`: summaries only, the description needs the detail call. */
export const smartRecruitersListSchema = z.object({
  offset: z.number(),
  limit: z.number(),
  totalFound: z.number(),
  content: z.array(z.object({ id: z.string(), name: z.string().nullish() })),
});
export type SmartRecruitersList = z.infer<typeof smartRecruitersListSchema>;

const section = z.object({ title: z.string().nullish(), text: z.string().nullish() }).nullish();

/** `GET /v1/companies/{id}/postings/{postingId}`: the fields this importer reads. */
export const smartRecruitersPostingSchema = z.object({
  id: z.string(),
  name: z.string(),
  releasedDate: z.string().nullish(),
  location: z
    .object({
      city: z.string().nullish(),
      region: z.string().nullish(),
      postalCode: z.string().nullish(),
      country: z.string().nullish(),
      remote: z.boolean().nullish(),
    })
    .nullish(),
  department: labelled,
  typeOfEmployment: labelled,
  postingUrl: z.string().nullish(),
  applyUrl: z.string().nullish(),
  jobAd: z
    .object({
      sections: z
        .object({
          companyDescription: section,
          jobDescription: section,
          qualifications: section,
          additionalInformation: section,
        })
        .nullish(),
    })
    .nullish(),
});
export type SmartRecruitersPosting = z.infer<typeof smartRecruitersPostingSchema>;

/** Order in which the public job page shows the sections. */
const SECTION_ORDER = ['companyDescription', 'jobDescription', 'qualifications', 'additionalInformation'] as const;

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Non-empty sections as `<h3>title</h3>` + HTML, in page order; titles come localised in the posting's language. */
export function smartRecruitersDescription(posting: SmartRecruitersPosting): string | null {
  const sections = posting.jobAd?.sections;
  if (!sections) return null;
  const parts = SECTION_ORDER.flatMap((key) => {
    const s = sections[key];
    if (!s?.text?.trim()) return [];
    return [s.title?.trim() ? `<h3>${escapeText(s.title.trim())}</h3>${s.text}` : s.text];
  });
  return parts.length === 0 ? null : parts.join('\n');
}

export function mapSmartRecruitersPosting(posting: SmartRecruitersPosting): RawJob {
  const loc = posting.location;
  const employment = posting.typeOfEmployment;
  return {
    externalId: posting.id,
    title: posting.name,
    description: smartRecruitersDescription(posting),
    // A posting has one place; a remote one may still name its city.
    locations: [
      {
        city: loc?.city ?? null,
        region: loc?.region ?? null,
        postalCode: loc?.postalCode ?? null,
        // Lower-case alpha-2 ("fr"); normalisation upper-cases it.
        country: loc?.country ?? null,
        remote: loc?.remote ?? false,
      },
    ],
    // The label is what the page shows ("Full-time", "CDI"); the id is SmartRecruiters' contract code
    // ("permanent", "temporary"...), which says the contract when the label only says the working time.
    contractType: [employment?.label, employment?.id].filter((w): w is string => typeof w === 'string'),
    contractLabel: employment?.label ?? null,
    department: posting.department?.label ?? null,
    salary: null,
    applyUrl: posting.postingUrl ?? posting.applyUrl ?? null,
    postedAt: posting.releasedDate ?? null,
    updatedAt: null,
  };
}
