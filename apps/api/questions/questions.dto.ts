import { z } from 'zod';

export const askSchema = z.strictObject({ text: z.string().trim().min(1).max(4000) });
export type AskBody = z.infer<typeof askSchema>;

export const answerSchema = z.strictObject({ answer: z.string().trim().min(1).max(4000) });
export type AnswerBody = z.infer<typeof answerSchema>;

export const listQuestionsSchema = z.strictObject({
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListQuestions = z.infer<typeof listQuestionsSchema>;

export const questionIdSchema = z.coerce.number().int().positive({ message: 'question id must be a positive integer' });
