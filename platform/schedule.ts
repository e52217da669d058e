import { createHash } from 'node:crypto';

/** When an import runs if neither it nor its importer says: once a day, early morning. */
export const FALLBACK_CRON = '0 5 * * *';

/**
 * The cron an import's schedule runs on. A cron the client asked for (`import_configs.schedule`) is kept to the
 * minute. A default one (the importer's, else the fallback) is spread inside its hour: its minute, when it is a
 * single number, becomes one derived from the import id, so that hundreds of imports on `0 5 * * *` start across
 * 05:00–05:59 instead of all at 05:00 — and each keeps the same minute from one deploy to the next.
 */
export function effectiveCron(input: { importId: string; schedule: string | null; defaultSchedule?: string | undefined }): string {
  if (input.schedule) return input.schedule;
  return spreadCron(input.defaultSchedule ?? FALLBACK_CRON, input.importId);
}

/** `cron` with its minute field replaced by a stable one from `key`, when that field is a single number. */
export function spreadCron(cron: string, key: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || !/^\d+$/.test(fields[0]!)) return cron;
  fields[0] = String(createHash('sha256').update(key).digest().readUInt32BE(0) % 60);
  return fields.join(' ');
}
