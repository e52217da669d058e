export * from './clients';
export * from './imports';
export * from './import-decisions';
export * from './import-configs';
export * from './runs';
export * from './jobs';
export * from './alerts';
