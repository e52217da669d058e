import { z } from 'zod';
import { BLOCKER_KINDS } from '../../../contracts';
import { importConfigSchema } from '../runs/runs.dto';

// Shapes only: whether a decision fits the stage, who may take it and which comments it needs is the
// workflow's call (its validators answer 409/422), so a decision sent straight to Temporal is judged the same.
const actor = z.string().trim().min(1).max(200);
const comment = z.string().trim().max(2000).optional();
/** The actor is the API key's member: `by` may be left out, and is refused (403) when it names someone else. */
const caller = actor.optional();

export const planSchema = z.strictObject({
  by: caller,
  priority: z.number().int().min(1).max(5),
  wantedDate: z.iso.date(),
  comment,
});

export const assignSchema = z.strictObject({ assignee: actor, by: caller, comment });

export const startDevelopmentSchema = z.strictObject({ by: caller, comment });

export const submitReviewSchema = z.strictObject({
  by: caller,
  /** The importer code version reviewed, e.g. a commit or a tag. */
  version: z.string().trim().min(1).max(200),
  ...importConfigSchema.shape,
  comment,
});

export const reviewSchema = z.strictObject({
  by: caller,
  decision: z.enum(['approve', 'request_changes']),
  comments: z.string().trim().max(4000).optional(),
});

export const deployStagingSchema = z.strictObject({ by: caller, comment });

export const clientDecisionSchema = z.strictObject({
  by: caller,
  decision: z.enum(['validate', 'feedback']),
  comments: z.string().trim().max(4000).optional(),
});

export const deployProductionSchema = z.strictObject({ by: caller, comment: z.string().trim().max(2000).optional() });
export const revertProductionSchema = z.strictObject({ by: caller, reason: z.string().trim().min(1).max(2000) });

export const cancelSchema = z.strictObject({ by: caller, reason: z.string().trim().min(1).max(2000) });

export const verificationDecisionSchema = z.strictObject({
  by: caller,
  decision: z.enum(['reverify', 'revert']),
  /** Required to revert (why). */
  comment: z.string().trim().max(2000).optional(),
});

// Unset items are false: the workflow names every item not done (422), rather than a 400 on a missing field.
export const completeHandOffSchema = z.strictObject({
  by: caller,
  appActivated: z.boolean().optional(),
  campaignsStarted: z.boolean().optional(),
  comment,
});

export const startMaintenanceSchema = z.strictObject({
  by: caller,
  reason: z.string().trim().min(1).max(2000),
  incidentId: z.string().trim().min(1).max(200).optional(),
  clientValidation: z.boolean().default(false),
});

export const blockSchema = z.strictObject({
  by: caller,
  kind: z.enum(BLOCKER_KINDS),
  reason: z.string().trim().min(1).max(2000),
  /** A member handle, or who on the client's side (e.g. "client: Acme IT"). */
  waitingOn: z.string().trim().min(1).max(200),
});
export const unblockSchema = z.strictObject({ by: caller, resolution: z.string().trim().min(1).max(2000) });
/** The lead hands the import over (its assignee is away, or leaves). */
export const reassignSchema = z.strictObject({ by: caller, assignee: actor, reason: z.string().trim().min(1).max(2000) });
export type ReassignBody = z.infer<typeof reassignSchema>;
export type BlockBody = z.infer<typeof blockSchema>;
export type UnblockBody = z.infer<typeof unblockSchema>;

export type PlanBody = z.infer<typeof planSchema>;
export type AssignBody = z.infer<typeof assignSchema>;
export type StartDevelopmentBody = z.infer<typeof startDevelopmentSchema>;
export type SubmitReviewBody = z.infer<typeof submitReviewSchema>;
export type ReviewBody = z.infer<typeof reviewSchema>;
export type DeployStagingBody = z.infer<typeof deployStagingSchema>;
export type ClientDecisionBody = z.infer<typeof clientDecisionSchema>;
export type CancelBody = z.infer<typeof cancelSchema>;
export type DeployProductionBody = z.infer<typeof deployProductionSchema>;
export type RevertProductionBody = z.infer<typeof revertProductionSchema>;
export type VerificationDecisionBody = z.infer<typeof verificationDecisionSchema>;
export type CompleteHandOffBody = z.infer<typeof completeHandOffSchema>;
export type StartMaintenanceBody = z.infer<typeof startMaintenanceSchema>;
