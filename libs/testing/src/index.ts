// libs/testing: helpers for tests only: infra addresses, Temporal test environments, processes, databases.
export * from './paths';
export * from './temporal';
