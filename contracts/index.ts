export * from './task-queues';
export * from './search-attributes';
export * from './lifecycle';
export * from './runs';
export * from './deploy';
