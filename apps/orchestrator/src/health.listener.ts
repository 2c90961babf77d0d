import { healthHandler } from '@sme/runtime';
import type { State } from '@temporalio/worker';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the orchestrator's readiness reads, at each request. */
export interface OrchestratorState {
  /** The lifecycle queue's worker: `Worker.getState()`. */
  workerState(): State;
  /** The NATS connection: `NatsConnection.isClosed()`. */
  natsClosed(): boolean;
  /** The application starter's durable consumer. */
  consuming(): boolean;
}

/** What keeps the orchestrator from its work now; none: ready. */
export function notReady(state: OrchestratorState): string[] {
  const worker = state.workerState();
  return [
    ...(worker === 'RUNNING' ? [] : [`the workflow worker is ${worker}`]),
    ...(state.natsClosed() ? ['the NATS connection is closed'] : []),
    ...(state.consuming() ? [] : ['the application starter is not consuming']),
  ];
}

/**
 * The orchestrator's only HTTP, for the probes: `GET /api/health` and `GET /api/ready` (libs/runtime's healthHandler),
 * 404 for anything else. Resolves once listening; port 0 takes any free port (the server's address says which).
 */
export async function listenForProbes(port: number, host: string, state: OrchestratorState): Promise<Server> {
  const server = createServer(healthHandler(() => notReady(state)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** The port a listening server took. */
export const portOf = (server: Server): number => (server.address() as AddressInfo).port;

/** Stops listening and waits for the open connections to end (idle ones are closed at once). */
export async function closeListener(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
