import { describe, expect, it } from 'vitest';
import type { FidelityNote } from '../../importers/sdk/definition';
import { check, healthyFigures, LIST_URL } from './testing';

const entities: FidelityNote = { kind: 'html_entities', url: LIST_URL, count: 42, repaired: true, message: '42 HTML named entities decoded outside CDATA (&nbsp; ×40, &eacute; ×2)' };
const repairedCharset: FidelityNote = { kind: 'charset_mismatch', url: LIST_URL, count: 3, repaired: true, message: 'declared utf-8, bytes are windows-1252: decoded as windows-1252' };
const mojibake: FidelityNote = { kind: 'mojibake', url: LIST_URL, count: 2, repaired: false, message: '2 records hold mojibake, e.g. "RÃ©ceptionniste"' };

describe('encoding', () => {
  it('passes a run with nothing to repair, and one whose repairs it counts', () => {
    expect(check('encoding', healthyFigures())).toStrictEqual({
      check: 'encoding',
      status: 'pass',
      message: 'text as published (nothing to repair)',
      figures: { htmlEntities: 0, charsetRepairs: 0, problems: 0, recordsWithMojibake: 0 },
    });
    const repaired = check('encoding', healthyFigures({ fidelity: [entities, repairedCharset] }));
    expect(repaired.status).toBe('pass');
    expect(repaired.figures).toStrictEqual({ htmlEntities: 42, charsetRepairs: 1, problems: 0, recordsWithMojibake: 0 });
    expect(repaired.message).toBe(`text as published (repaired: ${entities.message}, ${repairedCharset.message})`);
  });

  it('fails on text it could not restore, naming it, unless configured otherwise', () => {
    const result = check('encoding', healthyFigures({ fidelity: [entities, mojibake] }));
    expect(result.status).toBe('fail');
    expect(result.message).toBe(`1 document with text not restorable as published: ${mojibake.message} (${LIST_URL})`);
    expect(result.details).toStrictEqual({ problems: [mojibake], repaired: [entities] });
    expect(check('encoding', healthyFigures({ fidelity: [mojibake] }), undefined, { encoding: { severity: 'warn' } }).status).toBe('warn');
  });

  it("fails on mojibake inside records' fields, naming the records and fields", () => {
    const inRecords: FidelityNote = {
      kind: 'record_mojibake',
      url: LIST_URL,
      count: 3,
      repaired: false,
      message: '3 records hold mojibake or U+FFFD in their fields, e.g. "J-2" title: "RÃ©ceptionniste"',
      records: [{ externalId: 'J-2', field: 'title', url: LIST_URL }],
    };
    const result = check('encoding', healthyFigures({ fidelity: [inRecords] }));
    expect([result.status, result.message, result.figures]).toStrictEqual(['fail', inRecords.message, { htmlEntities: 0, charsetRepairs: 0, problems: 1, recordsWithMojibake: 3 }]);
    expect(check('encoding', healthyFigures({ fidelity: [mojibake, inRecords] })).message).toBe(`1 document with text not restorable as published: ${mojibake.message} (${LIST_URL}); ${inRecords.message}`);
  });
});
