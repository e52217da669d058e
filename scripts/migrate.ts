// One-shot migration step (the `migrate` service of docker-compose.yml). `npm start` applies them itself.
import { applyMigrations } from '../db/migrate';
import { loadEnv } from '../platform/config';
import { reportFatal, StartupError } from '../platform/errors';

try {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new StartupError('DATABASE_URL is not set', 'Point it at the database to migrate.');
  await applyMigrations(env.DATABASE_URL);
  console.log('migrations applied');
} catch (err) {
  reportFatal(err);
  process.exitCode = 1;
}
