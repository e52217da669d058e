import { z } from 'zod';
import { PRACTICE_ANSWERS, REVIEW_PRACTICE_IDS } from '../../../contracts';

/** The reviewer's answers on the sheet of `revision` (the one under review: an older one is refused, 409). */
export const answerSheetSchema = z.strictObject({
  revision: z.number().int().min(1),
  answers: z
    .array(
      z.strictObject({
        practice: z.enum(REVIEW_PRACTICE_IDS as [string, ...string[]], { message: 'not a practice id (GET /review-practices)' }),
        answer: z.enum(PRACTICE_ANSWERS),
        /** Required with not_applicable (why), problem (what to change) and waived (why it is acceptable here). */
        comment: z.string().trim().min(1).max(2000).optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type AnswerSheetBody = z.infer<typeof answerSheetSchema>;
