import type { CheckName, CheckResult, CheckSeverity } from '../types';

/** Lists in `details` are cut to this many entries: they travel in Temporal payloads and alerts. */
export const DETAILS_CAP = 20;

export function cap<T>(items: readonly T[]): T[] {
  return items.slice(0, DETAILS_CAP);
}

/** The status of a check that ran: a broken check takes the configured severity. */
export function statusOf(broken: boolean, severity: CheckSeverity): CheckResult['status'] {
  if (!broken) return 'pass';
  return severity === 'off' ? 'skip' : severity;
}

export function verdict(
  check: CheckName,
  broken: boolean,
  severity: CheckSeverity,
  message: string,
  figures: CheckResult['figures'],
  details?: unknown,
): CheckResult {
  return { check, status: statusOf(broken, severity), message, figures, ...(details === undefined ? {} : { details }) };
}

/** Not enough data to judge: says what is missing, so the skip is not mistaken for a pass. */
export function skipped(check: CheckName, message: string, figures: CheckResult['figures'] = {}): CheckResult {
  return { check, status: 'skip', message, figures };
}

export function disabled(check: CheckName): CheckResult {
  return skipped(check, 'disabled by this import\'s checks configuration (severity "off")');
}
