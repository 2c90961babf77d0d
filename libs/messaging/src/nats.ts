import { EventStream } from '@sme/contracts';
import {
  connect,
  type JetStreamManager,
  type NatsConnection,
  nanos,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
} from 'nats';

/** Connects to NATS and keeps reconnecting for ever: an outage delays events, it never drops them. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  });
}

/** Creates the domain event stream, or brings its settings up to date. File storage: it survives restarts. */
export async function ensureEventStream(jsm: JetStreamManager): Promise<void> {
  const config = {
    name: EventStream.name,
    subjects: [...EventStream.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(EventStream.duplicateWindowMs),
    max_age: 0,
  };
  try {
    await jsm.streams.info(EventStream.name);
    await jsm.streams.update(EventStream.name, config);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(config);
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; code?: string };
  return e?.api_error?.err_code === 10059 || e?.code === '404';
}
