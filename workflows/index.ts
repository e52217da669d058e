// Every workflow the worker registers. Workflow code is bundled and replayed: keep it deterministic.
export { importLifecycle } from './import-lifecycle';
export { importRun } from './import-run';
export { revertImportRun } from './revert-run';
