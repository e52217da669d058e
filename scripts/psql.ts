// `npm run psql`: a psql shell on `npm start`'s database — DATABASE_URL when set, else the embedded Postgres of the
// data folder (EMBEDDED_PG_PORT, database "liaison"). Extra arguments go to psql (`npm run psql -- -c 'select 1'`).
import { spawnSync } from 'node:child_process';
import { loadEnv } from '../platform/config';
import { embeddedPostgresUrl } from '../platform/embedded-postgres';

const env = loadEnv();
const url = env.DATABASE_URL ?? embeddedPostgresUrl(env.EMBEDDED_PG_PORT, 'liaison');
const result = spawnSync('psql', [url, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(`psql could not be started (${result.error.message}). Connect with any client to:\n  ${url}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
