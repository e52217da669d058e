// `npm run temporal:ensure`: finds the Temporal CLI or builds it now (TEMPORAL_CLI, PATH, the cache, then
// `go install`), so the first `npm test` or `npm start` on a new machine does not spend minutes on it.
import { resolveTemporalCli } from '../platform/temporal-cli';

const cli = await resolveTemporalCli();
console.log(`Temporal CLI: ${cli.path} (${cli.source})`);
