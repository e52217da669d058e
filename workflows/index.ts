// Every workflow the worker registers. Workflow code is bundled and replayed: keep it deterministic.
export { importLifecycle } from './import-lifecycle';
