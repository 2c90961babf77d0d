// libs/messaging: NATS JetStream connection and stream, the transactional outbox and its relay.
export * from './nats';
export * from './outbox';
export * from './outbox-relay';
export * from './durable-consumer';
export * from './session-revocations';
