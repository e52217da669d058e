import { isUtf8 } from 'node:buffer';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { ApiErrorBody } from './api-error';

/**
 * What a request body may be before any handler sees it: JSON (the API) or a urlencoded form (the sign-in and
 * preview pages), in valid UTF-8, within the parsers' size limit; then, in `ZodPipe`, a bounded shape. A hostile
 * body is a 4xx naming what is wrong (test/hostile/api-cases.ts), never a 500 nor a polluted prototype.
 */
export const BODY_SHAPE_LIMITS = { depth: 32, arrayItems: 1_000, objectKeys: 1_000 } as const;

/** Keys that reach `Object.prototype` when a body is merged or copied naively: refused wherever they appear. */
const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Text Postgres cannot store (text and jsonb refuse NUL) or that is not Unicode (a lone UTF-16 surrogate). */
// eslint-disable-next-line no-control-regex -- NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const ACCEPTED_TYPES = /^application\/(?:json|x-www-form-urlencoded)\s*(?:;|$)/i;

class InvalidEncodingError extends Error {
  readonly status = 400;
  readonly expose = true;
}

/** The JSON and form parsers (Nest's defaults, with `bodyParser: false`) refusing bytes that are not UTF-8. */
export function useBodyParsers(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // Called with the raw bytes (after content-encoding) before they are decoded: a decoder would replace them silently.
  const verify = (_req: unknown, _res: unknown, buf: Buffer, encoding: string) => {
    if (/^utf-?8$/i.test(encoding) && !isUtf8(buf)) throw new InvalidEncodingError('Request body is not valid UTF-8');
  };
  express.use(refuseUnknownBodyTypes);
  express.useBodyParser('json', { verify });
  express.useBodyParser('urlencoded', { extended: false, verify });
}

/** A body of any other type than JSON or a form would reach the handlers as "no body": 415 naming what to send. */
function refuseUnknownBodyTypes(req: Request, res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || ACCEPTED_TYPES.test(req.headers['content-type'] ?? '')) {
    next();
    return;
  }
  const type = req.headers['content-type'] ?? 'none';
  const body: ApiErrorBody = {
    error: { status: 415, code: 'unsupported_media_type', message: `Content-Type ${type} is not accepted: send application/json (or a form to the sign-in and preview pages)` },
  };
  res.status(415).json(body);
}

/**
 * The first place where a parsed body goes beyond the limits above or holds a polluting key, as a path
 * (`config.a.b`), with what is wrong; null when the shape is fine. Iterative: a 20,000-deep body must not overflow
 * the stack that checks it.
 */
export function bodyShapeProblem(value: unknown): { field: string; message: string } | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    const field = path.length > 0 ? path.join('.') : '(root)';
    if (typeof current === 'string' && UNSTORABLE.test(current)) return { field, message: 'holds a NUL character or a lone surrogate (not storable text)' };
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= BODY_SHAPE_LIMITS.depth) return { field, message: `nested deeper than ${BODY_SHAPE_LIMITS.depth} levels` };
    if (Array.isArray(current)) {
      if (current.length > BODY_SHAPE_LIMITS.arrayItems) return { field, message: `more than ${BODY_SHAPE_LIMITS.arrayItems} items (${current.length})` };
      current.forEach((item, i) => stack.push({ value: item, path: [...path, String(i)] }));
      continue;
    }
    const keys = Object.keys(current);
    if (keys.length > BODY_SHAPE_LIMITS.objectKeys) return { field, message: `more than ${BODY_SHAPE_LIMITS.objectKeys} keys (${keys.length})` };
    for (const key of keys) {
      if (POLLUTING_KEYS.has(key)) return { field: [...path, key].join('.'), message: `the key "${key}" is not allowed` };
      if (UNSTORABLE.test(key)) return { field, message: 'a key holds a NUL character or a lone surrogate' };
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}
