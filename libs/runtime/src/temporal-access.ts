import { readFileSync } from 'node:fs';
import type { TemporalAccess } from './config';

/**
 * The connection options of a secured Temporal cluster: mutual TLS from PEM files, or an API key (Temporal Cloud),
 * read when connecting. Shared by the client and the workers' native connections, which take the same shape.
 */
export function temporalConnectionOptions(address: string, access: TemporalAccess) {
  const tls = access.tls
    ? {
        ...(access.tls.serverName ? { serverNameOverride: access.tls.serverName } : {}),
        ...(access.tls.caFile ? { serverRootCACertificate: readFileSync(access.tls.caFile) } : {}),
        ...(access.tls.certFile && access.tls.keyFile ? { clientCertPair: { crt: readFileSync(access.tls.certFile), key: readFileSync(access.tls.keyFile) } } : {}),
      }
    : undefined;
  return { address, ...(tls ? { tls } : {}), ...(access.apiKey ? { apiKey: access.apiKey } : {}) };
}
