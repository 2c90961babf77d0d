import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, ManagedProcess, waitFor } from './processes';
import * as net from 'node:net';

/**
 * A private NATS server with JetStream for one test file: its own port and file store, so a test can stop
 * and restart it without touching the shared one. The store survives restarts, like a real deployment.
 */
export class PrivateNatsServer {
  private proc?: ManagedProcess;
  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly extraArgs: string[] = [],
  ) {}

  /** `extraArgs`: more nats-server flags, e.g. `['--user', 'u', '--pass', 'p']` for a server that asks for credentials. */
  static async start(extraArgs: string[] = []): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), mkdtempSync(path.join(os.tmpdir(), 'sme-nats-')), extraArgs);
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = new ManagedProcess(`nats-${this.port}`, 'nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...this.extraArgs], {}).start();
    await waitFor(`nats-server on ${this.port}`, () => portOpen(this.port), 20_000);
    await this.proc.waitForOutput(/Server is ready/, 20_000);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.proc?.stop(signal);
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
