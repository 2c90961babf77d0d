// libs/testing: helpers for tests only: infra addresses, Temporal test environments, processes, databases.
export * from './paths';
export * from './temporal';
export * from './workflow-bundle';
export * from './processes';
export * from './nats-server';
export * from './database';
export * from './histories';
export * from './fake-services';
export * from './time';
export * from './private-infra';
export * from './rubric';
export * from './calls';
export * from './annual-report';
export * from './pdf-text';
