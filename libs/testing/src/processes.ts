import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { WORKSPACE_ROOT } from './paths';

const LOG_DIR = path.join(WORKSPACE_ROOT, '.local/logs/tests');

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `n` distinct free ports on loopback: all held open together while chosen, so none is handed out twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => resolve(srv));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A child process whose output goes to .local/logs/tests/<name>.log (or <name>-<SME_TEST_LOG_SUFFIX>.log) and is searchable. */
export class ManagedProcess {
  private child?: ChildProcess;
  private output = '';
  private exited?: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    mkdirSync(LOG_DIR, { recursive: true });
    // A run beside another (npm test's contract run) names its own logs: SME_TEST_LOG_SUFFIX=contract gives applications-contract.log.
    const suffix = process.env['SME_TEST_LOG_SUFFIX'] ? `-${process.env['SME_TEST_LOG_SUFFIX']}` : '';
    const log = createWriteStream(path.join(LOG_DIR, `${this.name}${suffix}.log`), { flags: 'a' });
    this.output = '';
    const child = spawn(this.command, this.args, {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (b: Buffer): void => {
      this.output += b.toString();
      log.write(b);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      log.end();
      resolve(code);
    }));
    this.child = child;
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** What the process printed since it was last started. */
  get outputText(): string {
    return this.output;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the process printed `pattern`; fails early if it exits. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    await waitFor(`${this.name} to print ${pattern}`, async () => {
      if (!this.running) throw new Error(`${this.name} exited: ${this.output.slice(-2000)}`);
      return pattern.test(this.output);
    }, timeoutMs);
  }

  count(pattern: RegExp): number {
    return (this.output.match(new RegExp(pattern.source, 'g')) ?? []).length;
  }

  /** Sends a signal and waits for the exit. SIGKILL is a crash: no shutdown code runs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A built service (`npm run build` first) as a separate process. */
export function serviceProcess(service: 'applications' | 'scoring' | 'notifications' | 'orchestrator' | 'mail-sink', env: Record<string, string>): ManagedProcess {
  return new ManagedProcess(service, process.execPath, [path.join(WORKSPACE_ROOT, `dist/apps/${service}/src/main.js`)], env);
}

/** Waits until an HTTP service answers its readiness endpoint. */
export async function waitReady(baseUrl: string, proc: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(`${proc.name} at ${baseUrl}`, async () => {
    if (!proc.running) throw new Error(`${proc.name} exited`);
    const res = await fetch(`${baseUrl}/api/ready`);
    return res.ok;
  }, timeoutMs, 200);
}
