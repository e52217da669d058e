/** Business checks: the public API. Rules and formatting helpers behind it may move. */
export { evaluateChecks } from './evaluate';
export { checksConfigSchema, ChecksConfigError, defaultChecksConfig, parseChecksConfig } from '../../importers/sdk/checks-config';
export type { ChecksConfig, ChecksConfigInput } from '../../importers/sdk/checks-config';
export { JOB_FIELD_PATHS } from '../../importers/sdk/job-fields';
export { median } from './stats';
export type { CheckInput, CheckName, CheckResult, CheckSeverity, ChecksOutcome, ExpectedCount, GoodRun, RunFigures } from './types';
