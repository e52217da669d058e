export * from './task-queues';
export * from './search-attributes';
export * from './lifecycle';
export * from './runs';
export * from './deploy';
export * from './incidents';
export * from './access';
export * from './dossier';
