import { describe, expect, it } from 'vitest';
import type { IncidentDetail } from './dashboard.repository';
import { incidentPage } from './pages';

const incident = (sample: unknown): IncidentDetail => ({
  id: 7,
  importId: 'imp-1',
  importName: 'Carrières',
  client: 'Boulangeries Martin',
  environment: 'production',
  kind: 'invalid_data',
  status: 'open',
  summary: 'field coverage fell',
  count: 1,
  firstSeenAt: '2026-03-01T08:00:00.000Z',
  lastSeenAt: '2026-03-01T08:00:00.000Z',
  context: { sample },
  workflowId: 'import-health:imp-1',
  acknowledgedBy: null,
  acknowledgedAt: null,
  escalatedAt: null,
  resolvedBy: null,
  resolvedAt: null,
  events: [],
  dossier: { version: 0, unusualPoints: [], runBook: [], lastTime: null, link: '/imports/imp-1/dossier' },
});
const ui = { workflow: (id: string) => `http://localhost:8233/w/${id}` };

describe('incidentPage', () => {
  it("says the sample job's places and contract in French, escaped", () => {
    const html = incidentPage(
      incident({
        job: {
          title: 'Vendeur',
          locations: [
            { city: 'Lyon <b>', region: null, postalCode: null, country: 'FR', remote: false },
            { city: null, region: null, postalCode: null, country: 'FR', remote: true },
          ],
          contractType: 'fixed_term',
          workingTime: 'part_time',
          contractLabel: 'CDD 8 mois',
        },
      }),
      ui,
    );
    expect(html).toContain(
      '<p id="sample-job"><span class="location">Lyon &lt;b&gt;, FR / FR, Télétravail</span> · <span class="contract">CDD · Temps partiel (CDD 8 mois)</span></p>',
    );
    expect(html).not.toContain('Intérim');
  });

  it('shows no job line for a sample without a job', () => {
    expect(incidentPage(incident({ url: 'https://example.fr' }), ui)).not.toContain('sample-job');
  });
});
