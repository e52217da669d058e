import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type postgres from 'postgres';
import { map, type Observable } from 'rxjs';
import { allSecretValues } from '../../../db/queries/secrets';
import { redactDeep, rememberSecrets } from '../../../platform/redact';
import { SQL } from './tokens';

/** Every answer of a handler (JSON or a page) passes through the one redaction (platform/redact.ts) on its way out. */
@Injectable()
export class RedactResponses implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((body: unknown) => redactDeep(body)));
  }
}

/** How often the API re-reads the stored secret values (a secret added or rotated is masked within this delay). */
const REFRESH_EVERY_MS = 60_000;

/** Keeps the API's redaction aware of the stored secret values: read at start, then every minute. */
@Injectable()
export class StoredSecretsWatcher implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  constructor(@Inject(SQL) private readonly sql: postgres.Sql) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  // A failed read keeps the values already known; /ready reports the database itself.
  private refresh = () => rememberStoredSecrets(this.sql).catch(() => undefined);
}

/**
 * Every stored secret value (the secrets table and LIAISON_SECRET_* variables), remembered by this process's
 * redaction: the API never resolves a secret, yet must mask one a client or a row would echo back.
 */
export async function rememberStoredSecrets(sql: postgres.Sql, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const stored = await allSecretValues(sql);
  const fromEnv = Object.entries(env).flatMap(([name, value]) => (name.startsWith('LIAISON_SECRET_') && value ? [value] : []));
  rememberSecrets([...stored, ...fromEnv]);
}
