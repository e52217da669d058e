import { z } from 'zod';
import { ENVIRONMENT_NAMES, INCIDENT_KINDS, INCIDENT_STATUSES } from '../../../contracts';

export const listIncidentsSchema = z.strictObject({
  importId: z.uuid({ message: 'importId must be a UUID' }).optional(),
  environment: z.enum(ENVIRONMENT_NAMES).optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  /** `active` = open or acknowledged. */
  status: z.enum([...INCIDENT_STATUSES, 'active']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListIncidents = z.infer<typeof listIncidentsSchema>;

export const incidentIdSchema = z.coerce.number({ message: 'incident id must be a number' }).int('incident id must be an integer').positive('incident id must be positive');

/** `by`: left out, it is filled from the caller's key (as every lifecycle decision); naming someone else → 403. */
export const incidentDecisionSchema = z.strictObject({
  by: z.string().trim().min(1).max(200).optional(),
  comment: z.string().trim().max(2000).optional(),
});
export type IncidentDecisionRequest = z.infer<typeof incidentDecisionSchema>;
/** The decision as recorded: `by` is the caller. */
export type IncidentDecisionBody = IncidentDecisionRequest & { by: string };

/**
 * Resolving by hand says what caused it and what fixed it (short texts, appended to the dossier's incident
 * log): optional here so that their absence is a 422 naming both, not a bare 400.
 */
export const resolveIncidentSchema = incidentDecisionSchema.extend({
  cause: z.string().trim().max(500).optional(),
  fix: z.string().trim().max(500).optional(),
});
export type ResolveIncidentBody = z.infer<typeof resolveIncidentSchema>;

export const muteSchema = z.strictObject({
  /** Until when the import's incident notifications are silenced (incidents are still opened and counted). */
  until: z.iso.datetime({ offset: true }),
  by: z.string().trim().min(1).max(200).optional(),
  reason: z.string().trim().max(2000).optional(),
});
export type MuteRequest = z.infer<typeof muteSchema>;
export type MuteBody = MuteRequest & { by: string };
