import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { WORKSPACE_ROOT } from './paths';

const LOG_DIR = path.join(WORKSPACE_ROOT, '.local/logs/tests');

/**
 * The first port the kernel hands out for outgoing connections and for `listen(0)` (Linux's ip_local_port_range).
 * A port chosen for another process to listen on later is taken below it: chosen from that range, it is free when
 * chosen, but any outgoing connection made meanwhile (a pool to PostgreSQL, a client to NATS or Temporal) may take it
 * before that process binds, and the process then fails with EADDRINUSE.
 */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

const LOWEST = 10_000;

/** Holds `port` on loopback, or undefined if something else has it. */
async function hold(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

/**
 * `n` distinct TCP ports free on loopback, for processes started after this to listen on: taken below the kernel's
 * ephemeral range (so no outgoing connection takes one in the meantime), all held open together while chosen.
 */
export async function freePorts(n: number): Promise<number[]> {
  const high = ephemeralLow();
  const held: net.Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < n; tries++) {
      if (tries > 1000) throw new Error(`no ${n} free ports between ${LOWEST} and ${high}`);
      const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
      if (ports.includes(port)) continue;
      const srv = await hold(port);
      if (!srv) continue;
      held.push(srv);
      ports.push(port);
    }
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  }
  return ports;
}

/** A free TCP port on loopback, for a process started after this to listen on (see `freePorts`). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/** Thrown by a probe when waiting longer cannot help (the process waited on has exited): `waitFor` gives up at once. */
export class ExitedEarly extends Error {}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      if (err instanceof ExitedEarly) throw new Error(`gave up waiting for ${what}: ${err.message}`);
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Every ManagedProcess started by this module instance (in jest: by this test file) and not yet exited. */
const live = new Set<ManagedProcess>();

/**
 * Stops (SIGKILL) what this test file started and left running, and names it. One left behind would keep jest from
 * exiting, and a service left polling the shared Temporal namespace would take later files' workflow tasks.
 */
export async function stopLeftoverProcesses(): Promise<string[]> {
  const left = [...live];
  await Promise.all(left.map((p) => p.stop('SIGKILL')));
  return left.map((p) => p.name);
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
      live.delete(this);
      log.end();
      resolve(code);
    }));
    this.child = child;
    live.add(this);
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

  /** Waits until the process printed `pattern`; fails at once if it exits first (printing it and exiting is a failure too). */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    await waitFor(`${this.name} to print ${pattern}`, async () => {
      if (!this.running) throw new ExitedEarly(`${this.name} exited (code ${String(this.child?.exitCode)}): ${this.output.slice(-2000)}`);
      return pattern.test(this.output);
    }, timeoutMs);
  }

  /** Waits for the process to exit and gives its exit code (null when a signal ended it). */
  async exitCode(): Promise<number | null> {
    if (!this.exited) throw new Error(`${this.name} was never started`);
    return this.exited;
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
    if (!proc.running) throw new ExitedEarly(`${proc.name} exited: ${proc.outputText.slice(-2000)}`);
    const res = await fetch(`${baseUrl}/api/ready`);
    return res.ok;
  }, timeoutMs, 200);
}
