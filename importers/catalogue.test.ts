import { describe, expect, it } from 'vitest';
import { CATALOGUE, catalogue } from './catalogue';
import { loadImporter, LOADER_KEYS } from './loaders';
import { IMPORTERS } from './registry';

describe('importer catalogue', () => {
  it('lists exactly the importers the worker registers, in the same order', () => {
    expect(CATALOGUE.map((e) => e.key)).toEqual(IMPORTERS.map((i) => i.key));
    expect(catalogue.size).toBe(CATALOGUE.length);
  });

  it("is each importer's own metadata: the definition spreads its catalogue entry", () => {
    for (const importer of IMPORTERS) {
      const entry = catalogue.get(importer.key)!;
      expect({ key: importer.key, kind: importer.kind, description: importer.description, defaultSchedule: importer.defaultSchedule }).toEqual({
        key: entry.key,
        kind: entry.kind,
        description: entry.description,
        defaultSchedule: entry.defaultSchedule,
      });
      // The same schema object, not an equal copy: a configuration the API accepts is one the worker accepts.
      expect(importer.configSchema, importer.key).toBe(entry.configSchema);
    }
  });

  it("loads each importer by its key, one at a time, as the registry holds it (a compartment's way)", async () => {
    expect(LOADER_KEYS).toEqual(IMPORTERS.map((i) => i.key));
    for (const importer of IMPORTERS) expect(await loadImporter(importer.key), importer.key).toBe(importer);
    expect(await loadImporter('no-such-importer')).toBeNull();
    expect(await loadImporter('constructor')).toBeNull();
  });
});
