import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count, firstOf } from '../format';
import type { CheckResult, RunFigures } from '../types';
import { cap, verdict } from './result';

const IN_MESSAGE = 2;

/**
 * Text must be stored as the client published it. Repairs (HTML entities in an XML feed decoded, a lying charset
 * decoded with the one its bytes are in) are counted and pass; text that could not be restored (bytes no charset
 * explains, mojibake) fails: stored, it would show the client "RÃ©ceptionniste". Mojibake found in records' fields
 * (spelled by entities or escapes in otherwise clean documents) fails the same way, naming the records and fields.
 */
export function checkEncoding(figures: RunFigures, config: ChecksConfig['encoding']): CheckResult {
  const notes = figures.fidelity ?? [];
  const sum = (kind: string, repaired: boolean) => notes.filter((n) => n.kind === kind && n.repaired === repaired).reduce((total, n) => total + n.count, 0);
  const broken = notes.filter((n) => !n.repaired);
  const numbers = {
    htmlEntities: sum('html_entities', true),
    charsetRepairs: notes.filter((n) => n.kind !== 'html_entities' && n.repaired).length,
    problems: broken.length,
    recordsWithMojibake: sum('record_mojibake', false),
  };
  const repairs = notes.filter((n) => n.repaired);
  const repaired = repairs.length === 0 ? 'nothing to repair' : `repaired: ${firstOf(repairs, IN_MESSAGE, (n) => n.message)}`;
  if (broken.length === 0) return verdict('encoding', false, config.severity, `text as published (${repaired})`, numbers, repairs.length > 0 ? { repaired: cap(repairs) } : undefined);
  const documents = broken.filter((n) => n.kind !== 'record_mojibake');
  const records = broken.filter((n) => n.kind === 'record_mojibake');
  const message = [
    documents.length > 0 ? `${count(documents.length, 'document')} with text not restorable as published: ${firstOf(documents, IN_MESSAGE, (n) => `${n.message} (${n.url})`)}` : null,
    ...records.map((n) => n.message),
  ]
    .filter((part) => part !== null)
    .join('; ');
  return verdict('encoding', true, config.severity, message, numbers, { problems: cap(broken), repaired: cap(repairs) });
}
