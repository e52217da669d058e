import { HttpException } from '@nestjs/common';

/** The one JSON error shape of the API: `{ error: { status, code, message, details? } }`. */
export interface ApiErrorBody {
  error: { status: number; code: string; message: string; details?: unknown };
}

/** An error the API returns as is: an HTTP status, a stable code and a message that says what to fix. */
export class ApiError extends HttpException {
  constructor(status: number, code: string, message: string, details?: unknown) {
    super({ error: { status, code, message, ...(details === undefined ? {} : { details }) } } satisfies ApiErrorBody, status);
  }
}
