/** Exit codes of `npm run importer`: scripts and CI tell "you typed it wrong" from "the source is broken". */
export const EXIT = {
  ok: 0,
  /** Extraction failed, or the environment is broken (database unreachable). */
  failed: 1,
  /** Bad input: unknown command, key or option, invalid configuration. Nothing was done. */
  usage: 2,
  /** `try` completed but a check failed: a real run would be quarantined instead of applied. */
  checksFailed: 3,
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

/** Bad input from the developer: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
