// libs/runtime: what every service process shares: typed config, Temporal client and worker hosting,
// problem details, health, bootstrap.
export * from './config';
export * from './temporal-worker.host';
export * from './temporal-client.provider';
export * from './problem-details';
export * from './openapi';
export * from './decisions';
export * from './bootstrap';
export * from './health.controller';
export * from './health.handler';
export * from './observability';
export * from './is-credit-code';
export * from './workflow-status';
export * from './mail';
export * from './temporal-access';
export * from './parse-year.pipe';
export * from './calendar-date';
export * from './openapi-merge';
export * from './openapi-responses';
