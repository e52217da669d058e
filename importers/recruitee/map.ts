import { z } from 'zod';
import type { RawJob } from '../sdk/definition';

/** The fields of the careers site API (`GET /api/offers/`) this importer reads. */
export const recruiteeOfferSchema = z.object({
  id: z.number(),
  slug: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  requirements: z.string().nullish(),
  city: z.string().nullish(),
  state_name: z.string().nullish(),
  postal_code: z.string().nullish(),
  country_code: z.string().nullish(),
  remote: z.boolean().nullish(),
  /** Every place of the offer (newer accounts); `city`/`country_code` are the first. */
  locations: z
    .array(
      z.object({
        city: z.string().nullish(),
        state: z.string().nullish(),
        postal_code: z.string().nullish(),
        country_code: z.string().nullish(),
      }),
    )
    .nullish(),
  employment_type_code: z.string().nullish(),
  department: z.string().nullish(),
  salary: z
    .object({
      min: z.union([z.string(), z.number()]).nullish(),
      max: z.union([z.string(), z.number()]).nullish(),
      currency: z.string().nullish(),
      period: z.string().nullish(),
    })
    .nullish(),
  careers_url: z.string().nullish(),
  published_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type RecruiteeOffer = z.infer<typeof recruiteeOfferSchema>;

export const recruiteeOffersSchema = z.object({ offers: z.array(recruiteeOfferSchema) });

/** "2024-03-04 08:30:00 UTC" → "2024-03-04T08:30:00Z"; anything else is passed on for normalisation to judge. */
export function recruiteeDate(value: string | null | undefined): string | null {
  if (value == null || value.trim() === '') return null;
  return value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/, '$1T$2Z');
}

const blankToNull = (value: string | null | undefined): string | null => (value == null || value.trim() === '' ? null : value.trim());

export function mapRecruiteeOffer(offer: RecruiteeOffer): RawJob {
  // The careers page shows the requirements right under the description: one HTML body, same order.
  const description = [offer.description, offer.requirements].filter((part) => part != null && part.trim() !== '').join('\n');
  const salary = offer.salary;
  const code = blankToNull(offer.employment_type_code);
  const remote = offer.remote ?? false;
  const places = offer.locations?.length ? offer.locations : [{ city: offer.city, state: offer.state_name, postal_code: offer.postal_code, country_code: offer.country_code }];
  return {
    externalId: String(offer.id),
    title: offer.title,
    description: description === '' ? null : description,
    locations: places.map((place) => ({
      city: blankToNull(place.city),
      region: blankToNull(place.state),
      postalCode: blankToNull(place.postal_code),
      country: blankToNull(place.country_code),
      remote,
    })),
    // Codes combine schedule and contract ("parttime_fixed_term"): read as words, they give both.
    contractType: code,
    department: blankToNull(offer.department),
    salary:
      salary && (salary.min != null || salary.max != null) && salary.currency
        ? { min: salary.min ?? null, max: salary.max ?? null, currency: salary.currency, period: salary.period ?? null }
        : null,
    applyUrl: offer.careers_url ?? null,
    postedAt: recruiteeDate(offer.published_at),
    updatedAt: recruiteeDate(offer.updated_at),
  };
}
