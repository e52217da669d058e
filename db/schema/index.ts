export * from './clients';
export * from './imports';
export * from './import-decisions';
