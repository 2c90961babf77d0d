export * from './task-queues';
export * from './workflow-ids';
export * from './search-attributes';
export * from './events';
export * from './application';
export * from './application.messages';
export * from './lifecycle';
export * from './lifecycle.messages';
