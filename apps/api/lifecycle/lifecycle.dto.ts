import { z } from 'zod';
import { importConfigSchema } from '../runs/runs.dto';

// Shapes only: whether a decision fits the stage, who may take it and which comments it needs is the
// workflow's call (its validators answer 409/422), so a decision sent straight to Temporal is judged the same.
const actor = z.string().trim().min(1).max(200);
const comment = z.string().trim().max(2000).optional();

export const planSchema = z.strictObject({
  by: actor,
  priority: z.number().int().min(1).max(5),
  wantedDate: z.iso.date(),
  comment,
});

export const assignSchema = z.strictObject({ assignee: actor, by: actor, comment });

export const startDevelopmentSchema = z.strictObject({ by: actor, comment });

export const submitReviewSchema = z.strictObject({
  by: actor,
  /** The importer code version reviewed, e.g. a commit or a tag. */
  version: z.string().trim().min(1).max(200),
  ...importConfigSchema.shape,
  comment,
});

export const reviewSchema = z.strictObject({
  by: actor,
  decision: z.enum(['approve', 'request_changes']),
  comments: z.string().trim().max(4000).optional(),
});

export const deployStagingSchema = z.strictObject({ by: actor, comment });

export const clientDecisionSchema = z.strictObject({
  by: actor,
  decision: z.enum(['validate', 'feedback']),
  comments: z.string().trim().max(4000).optional(),
});

export const deployProductionSchema = z.strictObject({ by: actor, comment: z.string().trim().max(2000).optional() });
export const revertProductionSchema = z.strictObject({ by: actor, reason: z.string().trim().min(1).max(2000) });

export const cancelSchema = z.strictObject({ by: actor, reason: z.string().trim().min(1).max(2000) });

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
