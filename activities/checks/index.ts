/** Business checks: the public API. Rules and formatting helpers behind it may move. */
export { evaluateChecks } from './evaluate';
export { checksConfigSchema, ChecksConfigError, defaultChecksConfig, parseChecksConfig } from './config';
export type { ChecksConfig, ChecksConfigInput } from './config';
export { JOB_FIELD_PATHS } from './job-fields';
export { median } from './stats';
export type { CheckInput, CheckName, CheckResult, CheckSeverity, ChecksOutcome, ExpectedCount, GoodRun, RunFigures } from './types';
