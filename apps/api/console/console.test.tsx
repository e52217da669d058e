import { describe, expect, it } from 'vitest';
import { csrfMatches, csrfToken } from './csrf';
import { availableForms, decisionForm, formBody } from './decisions';
import { contactLine, parseContacts, parseCredentialRefs } from './request-form';
import { RequestPage } from './views/request';
import { html, type Viewer } from './views/ui';

const viewer: Viewer = { handle: 'am.claire', role: 'account_manager', csrf: 'tok' };

describe('the console forms', () => {
  it('offers what the transitions table and the permission table allow the role in the stage', () => {
    const names = (stage: Parameters<typeof availableForms>[0], role: Parameters<typeof availableForms>[1]) => availableForms(stage, role, { actor: 'x', state: null }).map((f) => f.action);
    expect(names('requested', 'developer')).toContain('estimate');
    expect(names('requested', 'account_manager')).not.toContain('estimate');
    expect(names('client_validation', 'account_manager')).toEqual(expect.arrayContaining(['preview-links', 'client-decision']));
    expect(names('client_validation', 'developer')).not.toContain('preview-links');
    expect(names('production_deploy', 'ops')).toContain('deploy-production');
    expect(names('production_deploy', 'developer')).not.toContain('deploy-production');
  });

  it('turns a posted form into the API body: numbers, checkboxes, JSON, empty fields left out', () => {
    expect(formBody(decisionForm('plan')!, { priority: '2', wantedDate: '2027-01-15', comment: '  ' }).body).toEqual({ priority: 2, wantedDate: '2027-01-15' });
    expect(formBody(decisionForm('complete-hand-off')!, { appActivated: 'true' }).body).toEqual({ appActivated: true, campaignsStarted: false });
    expect(formBody(decisionForm('submit-review')!, { config: '{"a":1}', fetchPolicy: '{oops' })).toEqual({ body: { config: { a: 1 } }, errors: { fetchPolicy: 'not valid JSON' } });
  });

  it("reads the new request's contacts and credential references one a line", () => {
    expect(parseContacts('Julie Martin, RH, julie@martin.example, +33 1 23 45 67 89\n\n  Paul  \nAna, 01 02 03 04, Paie')).toEqual([
      { name: 'Julie Martin', role: 'RH', email: 'julie@martin.example', phone: '+33 1 23 45 67 89' },
      { name: 'Paul' },
      { name: 'Ana', phone: '01 02 03 04', role: 'Paie' },
    ]);
    expect(contactLine({ name: 'Ana', role: 'Paie', phone: '01 02 03 04' })).toBe('Ana, Paie, 01 02 03 04');
    expect(parseCredentialRefs('MARTIN_ATS_TOKEN, ATS API, read only\nFTP_PW')).toEqual([{ name: 'MARTIN_ATS_TOKEN', purpose: 'ATS API, read only' }, { name: 'FTP_PW' }]);
  });

  it('escapes what it renders and carries the CSRF token in every form', () => {
    const page = html(<RequestPage viewer={{ ...viewer, handle: '<b>x</b>' }} values={{ name: '"><script>alert(1)</script>' }} errors={{ name: '<i>bad</i>' }} />);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('value="&quot;>&lt;script>alert(1)&lt;/script>"');
    expect(page).toContain('<em class="field-error" data-field="name">&lt;i>bad&lt;/i></em>');
    expect(page).toContain('<input type="hidden" name="_csrf" value="tok"/>');
  });

  it('derives one CSRF token per session and accepts only it', () => {
    expect(csrfToken('lis_a')).not.toBe(csrfToken('lis_b'));
    expect(csrfMatches('lis_a', csrfToken('lis_a'))).toBe(true);
    expect(csrfMatches('lis_a', csrfToken('lis_b'))).toBe(false);
    expect(csrfMatches('lis_a', undefined)).toBe(false);
  });
});
