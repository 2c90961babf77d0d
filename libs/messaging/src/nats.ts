import { EventStream } from '@sme/contracts';
import { readFileSync } from 'node:fs';
import {
  connect,
  credsAuthenticator,
  type JetStreamManager,
  type NatsConnection,
  nanos,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
} from 'nats';

/** NATS credentials and TLS (libs/runtime `NatsAccess`: a credentials file, or a user and password; CA and client certificate). */
export interface NatsAccessOptions {
  credsFile?: string;
  user?: string;
  password?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/**
 * Connects to NATS and keeps reconnecting for ever: an outage delays events, it never drops them. A secured server is
 * reached with the deployment's credentials file (user JWT and NKey seed) or user and password, over TLS when a CA or a
 * client certificate is given (or the URL says tls://).
 */
export async function connectNats(url: string, name: string, access: NatsAccessOptions = {}): Promise<NatsConnection> {
  return connect({
    servers: url,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    ...(access.credsFile ? { authenticator: credsAuthenticator(readFileSync(access.credsFile)) } : {}),
    ...(access.user ? { user: access.user, pass: access.password } : {}),
    ...(access.tls ? { tls: { ...(access.tls.caFile ? { caFile: access.tls.caFile } : {}), ...(access.tls.certFile ? { certFile: access.tls.certFile, keyFile: access.tls.keyFile } : {}) } } : {}),
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
