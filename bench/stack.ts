import { TokenService } from '@sme/auth';
import { runMigrations } from '@sme/persistence';
import { freePorts, ManagedProcess, PrivateNatsServer, PrivatePostgres, PrivateTemporal, WORKSPACE_ROOT } from '@sme/testing';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Service = 'applications' | 'scoring' | 'notifications' | 'orchestrator' | 'gateway';
export const SERVICES: readonly Service[] = ['applications', 'scoring', 'notifications', 'orchestrator', 'gateway'];

/** Addresses a service reads from its environment: on a private stack every one of them must be on loopback. */
const ADDRESS_VARIABLES = ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'NATS_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'OIDC_ISSUER', 'PUBLIC_URL', 'BIND_HOST', 'APPLICATIONS_URL', 'SCORING_URL', 'NOTIFICATIONS_URL'];

const isLoopback = (host: string): boolean => /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i.test(host);

/** The variables of `env` that name a host other than loopback (an address may be a URL, host:port, a host, or a list). */
export function notLoopback(env: Record<string, string | undefined>): string[] {
  return ADDRESS_VARIABLES.filter((k) => {
    const v = env[k];
    if (!v) return false;
    return v.split(',').some((one) => {
      const s = one.trim();
      let host: string;
      try {
        host = s.includes('://') ? new URL(s).hostname : s.replace(/:\d+$/, '');
      } catch {
        return true;
      }
      return !isLoopback(host);
    });
  });
}

/** A process the stack keeps alive: when it dies (killed, or failed while a dependency was away) it is started again. */
class Supervised {
  private wanted = true;
  restarts = 0;
  constructor(
    readonly proc: ManagedProcess,
    private readonly restartDelayMs: number,
  ) {}

  start(): void {
    this.wanted = true;
    this.proc.start();
    void this.watch();
  }

  private async watch(): Promise<void> {
    const me = this.proc.pid;
    while (this.wanted && this.proc.running && this.proc.pid === me) await new Promise((r) => setTimeout(r, 200));
    if (!this.wanted || this.proc.pid !== me) return;
    await new Promise((r) => setTimeout(r, this.restartDelayMs));
    if (!this.wanted || this.proc.running) return;
    this.restarts++;
    this.start();
  }

  /** A crash: SIGKILL, no shutdown code runs; the supervisor brings it back after its delay. */
  async kill(): Promise<void> {
    await this.proc.stop('SIGKILL');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.wanted = false;
    await this.proc.stop(signal, 10_000);
  }
}

export interface StackOptions {
  /** Names the database, the Temporal namespace and the processes' logs (`<name>-applications-1.log`). */
  name: string;
  /** Instances of every service, orchestrator and gateway. */
  replicas: number;
  restartDelayMs?: number;
  /** More environment for every process (e.g. faster polling), over what the stack sets. */
  env?: Record<string, string>;
}

/**
 * The whole system on infrastructure of its own (a PostgreSQL cluster, a NATS server and a Temporal dev server that
 * a run may restart), with `replicas` instances of every service, of the orchestrator and of the gateway, each on its
 * own port and kept alive by a supervisor, and the development mail sink as the SMTP relay. Everything listens on
 * loopback, and the stack refuses to start a service pointed anywhere else. Its files live in one folder that
 * `stop({ removeData: true })` removes.
 */
export class PrivateStack {
  readonly instances = new Map<string, Supervised>();
  readonly gateways: string[] = [];
  /** Each service instance, answering its own /api/ready. */
  private readonly serviceUrls: string[] = [];
  readonly tokens: TokenService;
  mailUrl = '';
  /** Where the mail sink keeps each message as an .eml file. */
  mailDir = '';
  databaseUrl = '';

  private constructor(
    readonly name: string,
    /** Every file of the run: the clusters' data, the evidence, the mail. */
    readonly root: string,
    readonly pg: PrivatePostgres,
    readonly nats: PrivateNatsServer,
    readonly temporal: PrivateTemporal,
    private readonly secret: string,
  ) {
    this.tokens = new TokenService(secret);
  }

  static async start(options: StackOptions): Promise<PrivateStack> {
    const inherited = notLoopback(process.env);
    if (inherited.length) throw new Error(`refusing to run: ${inherited.join(', ')} in the environment point beyond loopback`);
    // The clusters make their folders under the temporary directory: this run's own, readable by the postgres user.
    const root = mkdtempSync(path.join(os.tmpdir(), `sme-${options.name}-`));
    chmodSync(root, 0o755);
    const tmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = root;
    let infra: [PrivatePostgres, PrivateNatsServer, PrivateTemporal];
    try {
      infra = await Promise.all([PrivatePostgres.start(), PrivateNatsServer.start(), PrivateTemporal.start(options.name)]);
    } finally {
      if (tmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = tmp;
    }
    const stack = new PrivateStack(options.name, root, ...infra, randomBytes(24).toString('hex'));
    try {
      await stack.boot(options);
    } catch (err) {
      await stack.stop().catch(() => undefined);
      throw err;
    }
    return stack;
  }

  private async boot(options: StackOptions): Promise<void> {
    const { replicas, name } = options;
    this.databaseUrl = await this.pg.createDatabase(name);
    await runMigrations(this.databaseUrl);
    const all = await freePorts(2 + 4 * replicas);
    const [smtp, mailHttp] = all.slice(0, 2) as [number, number];
    const group = (k: number) => all.slice(2 + k * replicas, 2 + (k + 1) * replicas);
    const [apps, scoring, notifications, gateways] = [group(0), group(1), group(2), group(3)];
    this.mailUrl = `http://127.0.0.1:${mailHttp}`;
    this.mailDir = path.join(this.root, 'mail');
    const evidence = path.join(this.root, 'evidence');
    mkdirSync(evidence);
    const urls = (p: number[]) => p.map((x) => `http://127.0.0.1:${x}`).join(',');
    const env: Record<string, string> = {
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.nats.url,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: this.temporal.namespace,
      AUTH_JWT_SECRET: this.secret,
      EVIDENCE_DIR: evidence,
      SMTP_URL: `smtp://127.0.0.1:${smtp}`,
      MAIL_SINK_SMTP_PORT: String(smtp),
      MAIL_SINK_HTTP_PORT: String(mailHttp),
      MAIL_SINK_DIR: this.mailDir,
      APPLICATIONS_URL: urls(apps),
      SCORING_URL: urls(scoring),
      NOTIFICATIONS_URL: urls(notifications),
      ...options.env,
    };
    const beyond = notLoopback({ ...process.env, ...env });
    if (beyond.length) throw new Error(`refusing to start the services: ${beyond.join(', ')} point beyond loopback`);
    const main = (service: string) => path.join(WORKSPACE_ROOT, service === 'gateway' ? 'dist/apps/web/server/main.js' : `dist/apps/${service}/src/main.js`);
    const add = (instance: string, service: string, extra: Record<string, string>) =>
      this.instances.set(instance, new Supervised(new ManagedProcess(`${name}-${instance}`, process.execPath, [main(service)], { ...env, ...extra }), options.restartDelayMs ?? 1500));
    add('mail-sink', 'mail-sink', {});
    for (let i = 0; i < replicas; i++) {
      add(`applications-${i + 1}`, 'applications', { APPLICATIONS_PORT: String(apps[i]) });
      add(`scoring-${i + 1}`, 'scoring', { SCORING_PORT: String(scoring[i]) });
      add(`notifications-${i + 1}`, 'notifications', { NOTIFICATIONS_PORT: String(notifications[i]) });
      this.serviceUrls.push(...[apps[i], scoring[i], notifications[i]].map((p) => `http://127.0.0.1:${p}`));
      add(`orchestrator-${i + 1}`, 'orchestrator', { ORCHESTRATOR_PORT: '0' }); // its probes on any free port
      add(`gateway-${i + 1}`, 'gateway', { WEB_PORT: String(gateways[i]), WEB_DIST: path.join(WORKSPACE_ROOT, 'dist/web') });
      this.gateways.push(`http://127.0.0.1:${gateways[i]}`);
    }
    for (const s of this.instances.values()) s.start();
    await this.ready();
  }

  /** Every instance up: the services answer /api/ready through each gateway, the orchestrators poll. */
  async ready(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const probes = async (): Promise<boolean> => {
      for (const [name, s] of this.instances) {
        if (!s.proc.running) return false;
        if (name.startsWith('orchestrator') && !/workflow worker polling/.test(s.proc.outputText)) return false;
      }
      for (const u of this.serviceUrls) {
        const res = await fetch(`${u}/api/ready`).catch(() => null);
        if (!res?.ok) return false;
      }
      for (const g of this.gateways) {
        for (const svc of ['applications', 'scoring', 'notifications']) {
          const res = await fetch(`${g}/svc/${svc}/api/ready`).catch(() => null);
          if (!res?.ok) return false;
        }
      }
      return (await fetch(`${this.mailUrl}/messages?limit=1`).catch(() => null))?.ok === true;
    };
    while (Date.now() < deadline) {
      if (await probes()) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    const down = [...this.instances].filter(([, s]) => !s.proc.running).map(([n]) => n);
    throw new Error(`the ${this.name} stack is not ready after ${timeoutMs / 1000}s (not running: ${down.join(', ') || 'none'})`);
  }

  names(service: Service): string[] {
    return [...this.instances.keys()].filter((n) => n.startsWith(`${service}-`));
  }

  /** The process id of each running instance, by instance name (`orchestrator-1`, `mail-sink`). */
  pids(): Map<string, number> {
    return new Map([...this.instances].flatMap(([n, s]) => (s.proc.running && s.proc.pid ? [[n, s.proc.pid] as [string, number]] : [])));
  }

  async kill(name: string): Promise<void> {
    await this.instances.get(name)!.kill();
  }

  async stopAll(service: Service): Promise<void> {
    await Promise.all(this.names(service).map((n) => this.instances.get(n)!.stop()));
  }

  startAll(service: Service): void {
    for (const n of this.names(service)) this.instances.get(n)!.start();
  }

  restarts(): number {
    return [...this.instances.values()].reduce((n, s) => n + s.restarts, 0);
  }

  async restartPostgres(downMs: number): Promise<void> {
    await this.pg.stop('immediate');
    await new Promise((r) => setTimeout(r, downMs));
    await this.pg.start();
  }

  async restartNats(downMs: number): Promise<void> {
    await this.nats.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, downMs));
    await this.nats.start();
  }

  async restartTemporal(downMs: number): Promise<void> {
    await this.temporal.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, downMs));
    await this.temporal.start();
  }

  /** Stops every process; `removeData` then deletes the run's folder (databases, evidence, mail). */
  async stop(options: { removeData?: boolean } = {}): Promise<void> {
    await Promise.all([...this.instances.values()].map((s) => s.stop().catch(() => undefined)));
    await this.temporal.stop().catch(() => undefined);
    await this.nats.stop().catch(() => undefined);
    await this.pg.stop('fast').catch(() => undefined);
    if (options.removeData) rmSync(this.root, { recursive: true, force: true });
  }
}
