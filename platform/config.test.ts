import { describe, expect, it } from 'vitest';
import { fetchSettingsFromEnv, loadEnv, serviceConfig, temporalUiWorkflowUrl } from './config';
import { StartupError } from './errors';

describe('configuration', () => {
  it('applies defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, TEMPORAL_PORT: 7233, TEMPORAL_UI_PORT: 8233, TEMPORAL_NAMESPACE: 'default', TASK_QUEUE: 'liaison-imports' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('lists every invalid variable by name', () => {
    const error = (() => {
      try {
        loadEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'nohostport', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'LOG_LEVEL']) expect(message).toContain(`  ${name}:`);
  });

  it('reads the private allowlist and the fetch maxima; nothing private by default', () => {
    const base = { DATABASE_URL: 'postgres://u@h:5432/d', TEMPORAL_ADDRESS: 'h:7233' };
    const none = serviceConfig(loadEnv(base)).fetch!;
    expect(none.allowPrivate).toEqual([]);
    expect(none.maxima.maxStreamBytes).toBe(2 * 1024 ** 3);
    const set = serviceConfig(loadEnv({ ...base, FETCH_ALLOW_PRIVATE: '127.0.0.1/32, ::1,fixtures.internal', FETCH_MAX_STREAM_BYTES: '1048576' })).fetch!;
    expect(set.allowPrivate).toEqual(['127.0.0.1/32', '::1', 'fixtures.internal']);
    expect(set.maxima.maxStreamBytes).toBe(1_048_576);
    expect(fetchSettingsFromEnv({ FETCH_ALLOW_PRIVATE: '10.0.0.0/8', PORT: 'not checked here' }).allowPrivate).toEqual(['10.0.0.0/8']);
    expect(() => loadEnv({ FETCH_ALLOW_PRIVATE: 'http://x/', FETCH_MAX_BODY_BYTES: '-1' })).toThrow(/FETCH_ALLOW_PRIVATE:[\s\S]*FETCH_MAX_BODY_BYTES:/);
  });

  it('treats empty variables as unset', () => {
    expect(loadEnv({ DATABASE_URL: '', TEMPORAL_ADDRESS: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('requires concrete addresses for the API and the worker', () => {
    expect(() => serviceConfig(loadEnv({}))).toThrow(/Missing configuration: DATABASE_URL, TEMPORAL_ADDRESS/);
    expect(serviceConfig(loadEnv({ DATABASE_URL: 'postgres://u@h:5432/d', TEMPORAL_ADDRESS: 'h:7233' })).temporalAddress).toBe('h:7233');
  });

  it('reads the incident channels, and refuses a bad recipient by name', () => {
    const base = { DATABASE_URL: 'postgres://u@h:5432/d', TEMPORAL_ADDRESS: 'h:7233' };
    expect(serviceConfig(loadEnv(base)).incidents).toEqual({ escalateAfterMs: 3_600_000, watchdogGraceMs: 1_800_000, notify: { webhookUrl: null, email: null } });
    const configured = serviceConfig(
      loadEnv({ ...base, NOTIFY_WEBHOOK_URL: 'https://hooks.example.fr/x', NOTIFY_SMTP_URL: 'smtp://127.0.0.1:2525', NOTIFY_EMAIL_TO: 'ops@example.fr, lead@example.fr', INCIDENT_ESCALATE_AFTER_MINUTES: '15' }),
    );
    expect(configured.incidents).toMatchObject({
      escalateAfterMs: 900_000,
      notify: { webhookUrl: 'https://hooks.example.fr/x', email: { smtpUrl: 'smtp://127.0.0.1:2525', to: ['ops@example.fr', 'lead@example.fr'] } },
    });
    expect(() => loadEnv({ NOTIFY_EMAIL_TO: 'ops@example.fr, nobody', NOTIFY_SMTP_URL: 'http://x' })).toThrow(/NOTIFY_EMAIL_TO[\s\S]*NOTIFY_SMTP_URL|NOTIFY_SMTP_URL[\s\S]*NOTIFY_EMAIL_TO/);
  });

  it('builds Temporal UI links with the workflow id escaped', () => {
    expect(temporalUiWorkflowUrl('http://localhost:8233/', 'default', 'import-lifecycle:abc')).toBe(
      'http://localhost:8233/namespaces/default/workflows/import-lifecycle%3Aabc',
    );
  });
});
