/**
 * A start-up problem the user can fix: printed as one clear message with what to do, never as a stack trace.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Prints a StartupError as the user should read it; anything else is a bug and keeps its stack. */
export function reportFatal(err: unknown): void {
  if (err instanceof StartupError) {
    console.error(`\n✖ ${err.message}${err.hint ? `\n  → ${err.hint}` : ''}\n`);
  } else {
    console.error(err);
  }
}
