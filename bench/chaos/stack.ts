import { TokenService } from '@sme/auth';
import { runMigrations } from '@sme/persistence';
import { freePorts, ManagedProcess, PrivateNatsServer, PrivatePostgres, PrivateTemporal, WORKSPACE_ROOT } from '@sme/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Service = 'applications' | 'scoring' | 'notifications' | 'orchestrator' | 'gateway';
export const SERVICES: readonly Service[] = ['applications', 'scoring', 'notifications', 'orchestrator', 'gateway'];

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

/**
 * The whole system on infrastructure of its own (a PostgreSQL cluster, a NATS server and a Temporal dev server that
 * this run may restart), with two instances of every service, of the orchestrator and of the gateway, each on its
 * own port and kept alive by a supervisor, and the development mail sink as the SMTP relay.
 */
export class ChaosStack {
  readonly instances = new Map<string, Supervised>();
  readonly gateways: string[] = [];
  /** Each service instance, answering its own /api/ready. */
  private readonly serviceUrls: string[] = [];
  readonly tokens: TokenService;
  mailUrl = '';
  databaseUrl = '';

  private constructor(
    readonly pg: PrivatePostgres,
    readonly nats: PrivateNatsServer,
    readonly temporal: PrivateTemporal,
    private readonly secret: string,
  ) {
    this.tokens = new TokenService(secret);
  }

  static async start(options: { restartDelayMs?: number; decisionDeadlineMs?: number } = {}): Promise<ChaosStack> {
    const [pg, nats, temporal] = await Promise.all([PrivatePostgres.start(), PrivateNatsServer.start(), PrivateTemporal.start('chaos')]);
    const stack = new ChaosStack(pg, nats, temporal, randomBytes(24).toString('hex'));
    try {
      await stack.boot(options.restartDelayMs ?? 1500, options.decisionDeadlineMs ?? 10_000);
    } catch (err) {
      await stack.stop().catch(() => undefined);
      throw err;
    }
    return stack;
  }

  private async boot(restartDelayMs: number, decisionDeadlineMs: number): Promise<void> {
    this.databaseUrl = await this.pg.createDatabase('chaos');
    await runMigrations(this.databaseUrl);
    const all = await freePorts(10);
    const [smtp, mailHttp] = all.slice(0, 2) as [number, number];
    const [apps, scoring, notifications, gateways] = [all.slice(2, 4), all.slice(4, 6), all.slice(6, 8), all.slice(8, 10)] as [number[], number[], number[], number[]];
    this.mailUrl = `http://127.0.0.1:${mailHttp}`;
    const urls = (p: number[]) => p.map((x) => `http://127.0.0.1:${x}`).join(',');
    const env: Record<string, string> = {
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.nats.url,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: this.temporal.namespace,
      AUTH_JWT_SECRET: this.secret,
      EVIDENCE_DIR: mkdtempSync(path.join(os.tmpdir(), 'sme-chaos-evidence-')),
      SMTP_URL: `smtp://127.0.0.1:${smtp}`,
      MAIL_SINK_SMTP_PORT: String(smtp),
      MAIL_SINK_HTTP_PORT: String(mailHttp),
      MAIL_SINK_DIR: mkdtempSync(path.join(os.tmpdir(), 'sme-chaos-mail-')),
      DELIVERY_POLL_MS: '200',
      DELIVERY_BACKOFF_MS: '500',
      OUTBOX_POLL_MS: '200',
      DECISION_DEADLINE_MS: String(decisionDeadlineMs),
      APPLICATIONS_URL: urls(apps),
      SCORING_URL: urls(scoring),
      NOTIFICATIONS_URL: urls(notifications),
    };
    const main = (service: string) => path.join(WORKSPACE_ROOT, service === 'gateway' ? 'dist/apps/web/server/main.js' : `dist/apps/${service}/src/main.js`);
    const add = (name: string, service: string, extra: Record<string, string>) =>
      this.instances.set(name, new Supervised(new ManagedProcess(`chaos-${name}`, process.execPath, [main(service)], { ...env, ...extra }), restartDelayMs));
    add('mail-sink', 'mail-sink', {});
    for (const i of [0, 1]) {
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
      return (await fetch(`${this.mailUrl}/messages`).catch(() => null))?.ok === true;
    };
    while (Date.now() < deadline) {
      if (await probes()) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    const down = [...this.instances].filter(([, s]) => !s.proc.running).map(([n]) => n);
    throw new Error(`the chaos stack is not ready after ${timeoutMs / 1000}s (not running: ${down.join(', ') || 'none'})`);
  }

  names(service: Service): string[] {
    return [...this.instances.keys()].filter((n) => n.startsWith(`${service}-`));
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

  async stop(): Promise<void> {
    await Promise.all([...this.instances.values()].map((s) => s.stop().catch(() => undefined)));
    await this.temporal.stop().catch(() => undefined);
    await this.nats.stop().catch(() => undefined);
    await this.pg.stop('fast').catch(() => undefined);
  }
}
