// Every workflow the worker registers. Workflow code is bundled and replayed: keep it deterministic.
export { importLifecycle } from './import-lifecycle';
export { importRun } from './import-run';
export { productionDeploy } from './production-deploy';
export { revertImportRun } from './revert-run';
export { importHealth } from './import-health';
export { watchdog } from './watchdog';
export { dailyDigest } from './daily-digest';
