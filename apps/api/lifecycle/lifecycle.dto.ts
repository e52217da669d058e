import type { z } from 'zod';
import { requestBody, TRANSITIONS, type DecisionName } from '../../../contracts';
import { ZodPipe } from '../common/zod.pipe';

// Shapes only, read from the transitions table (contracts/transitions.ts): whether a decision fits the stage, who
// may take it and which comments it needs is the workflow's call (409/422), so a decision sent straight to
// Temporal is judged the same. The actor (`by`, or `estimator`) is the API key's member: it may be left out, and
// is refused (403) when it names someone else; a `role` in the body is refused (the key says it).

/** The body a decision route takes, as the API has validated it (trimmed, defaults applied). */
export type BodyOf<N extends DecisionName> = Omit<z.output<(typeof TRANSITIONS)[N]['request']>, 'by' | 'estimator'> & { by?: string; estimator?: string };

/** The JSON body of a decision, for OpenAPI and GET /imports/:id/actions. */
export const bodySchema = (decision: DecisionName) => requestBody(TRANSITIONS[decision]);

/** The body pipe of a decision route: 400 with one message per field. */
export const bodyPipe = (decision: DecisionName) => new ZodPipe(bodySchema(decision));
