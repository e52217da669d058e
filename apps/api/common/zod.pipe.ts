import { type PipeTransform } from '@nestjs/common';
import { type z } from 'zod';
import { ApiError } from './api-error';
import { bodyShapeProblem } from './body-guard';

/** Validates a body or query with a zod schema: 400 with one message per field, unknown fields refused; a body's shape bounded first. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly where: 'body' | 'query' | 'path' = 'body',
  ) {}

  transform(value: unknown): z.infer<T> {
    // Before the schema: a 20,000-deep or `__proto__`-keyed body must not reach recursive code (zod, checks).
    const shape = this.where === 'body' ? bodyShapeProblem(value) : null;
    if (shape) throw new ApiError(400, 'invalid_request', `Invalid body: ${shape.field}: ${shape.message}`, { fields: [shape] });
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const fields = parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? (issue.keys ?? []).join(', ') : '(root)',
      message: issue.message,
    }));
    throw new ApiError(400, 'invalid_request', `Invalid ${this.where}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
  }
}
