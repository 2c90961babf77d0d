import { type Principal, type Role, TokenService } from '@sme/auth';
import { mkdtempSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, ownerDatabaseUrl, PrivateNatsServer, freePorts, infraEnv, serviceProcess, waitReady, ManagedProcess, WORKSPACE_ROOT } from '@sme/testing';

/** The whole system as separate processes against real PostgreSQL, NATS and Temporal, for one test file. */
/** The secret the test services verify tokens with, so tests can mint a token for any institution or expert. */
const TEST_JWT_SECRET = 'integration-tests-only-secret-0123456789abcdef';
const tokens = new TokenService(TEST_JWT_SECRET);

/** A bearer token for a role; applicants need their institution, experts their pool id. */
export function tokenFor(role: Role, who: { institution?: string; expertId?: string; username?: string } = {}): string {
  const p: Principal = {
    sub: `test-${role}-${who.institution ?? who.expertId ?? 'user'}`,
    username: who.username ?? `test-${role}`,
    role,
    displayName: `测试${role}`,
    institution: role === 'applicant' ? (who.institution ?? null) : null,
    expertId: role === 'expert' ? (who.expertId ?? null) : null,
  };
  return tokens.issue(p);
}

export class SystemUnderTest {
  readonly processes: Record<'applications' | 'scoring' | 'notifications' | 'orchestrator' | 'mail-sink', ManagedProcess>;

  private constructor(
    readonly nats: PrivateNatsServer,
    readonly env: Record<string, string>,
    readonly applicationsUrl: string,
    readonly notificationsUrl: string,
    readonly scoringUrl: string,
    /** The development mail sink's message list (GET /messages). */
    readonly mailUrl: string,
    /** The orchestrator's probes (GET /api/health, /api/ready). */
    readonly orchestratorUrl: string,
  ) {
    this.processes = {
      'mail-sink': serviceProcess('mail-sink', env),
      applications: serviceProcess('applications', env),
      scoring: serviceProcess('scoring', env),
      notifications: serviceProcess('notifications', env),
      orchestrator: serviceProcess('orchestrator', env),
    };
  }

  /**
   * `database`: a fresh, migrated database of that name for this test file. A start that fails (a port taken between
   * choosing and binding it) stops every process it started, so none is left polling the shared Temporal namespace for
   * later test files, and is tried once more on new ports.
   */
  static async start(database: string, overrides: Record<string, string> = {}): Promise<SystemUnderTest> {
    try {
      return await SystemUnderTest.startOnce(database, overrides);
    } catch (err) {
      process.stderr.write(`system start failed, trying once more on new ports: ${String(err).slice(0, 300)}\n`);
      return SystemUnderTest.startOnce(database, overrides);
    }
  }

  private static async startOnce(database: string, overrides: Record<string, string>): Promise<SystemUnderTest> {
    const infra = infraEnv();
    const databaseUrl = await createTestDatabase(database);
    const nats = await PrivateNatsServer.start();
    // Chosen together, so no two services are handed the same port (one would then answer for the other).
    const [appPort, notifPort, scoringPort, smtpPort, mailHttpPort, orchestratorPort] = await freePorts(6) as [number, number, number, number, number, number];
    const env = {
      DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      TEMPORAL_ADDRESS: infra['TEMPORAL_ADDRESS']!,
      TEMPORAL_NAMESPACE: 'sme-test',
      APPLICATIONS_PORT: String(appPort),
      NOTIFICATIONS_PORT: String(notifPort),
      SCORING_PORT: String(scoringPort),
      ORCHESTRATOR_PORT: String(orchestratorPort),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      EVIDENCE_DIR: mkdtempSync(join(tmpdir(), `sme-evidence-${database}-`)),
      EVIDENCE_MAX_BYTES: String(1024 * 1024),
      EVIDENCE_QUOTA_FILES: '8',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_SINK_SMTP_PORT: String(smtpPort),
      MAIL_SINK_HTTP_PORT: String(mailHttpPort),
      MAIL_SINK_DIR: mkdtempSync(join(tmpdir(), `sme-mail-${database}-`)),
      DELIVERY_POLL_MS: '100',
      DELIVERY_BACKOFF_MS: '100',
      DELIVERY_MAX_ATTEMPTS: '3',
      // A digest of staff escalations goes out after this quiet time (ten minutes in production).
      DIGEST_WINDOW_SECONDS: '3',
      OUTBOX_POLL_MS: '100',
      // Every test request comes from 127.0.0.1: the per-address limits are the throttling test's subject, not the
      // other files' (it sets its own).
      THROTTLE_AUTH_LIMIT: '100000',
      THROTTLE_OBJECTION_LIMIT: '100000',
      PUBLIC_URL: 'http://127.0.0.1:8080',
      ...overrides,
    };
    const sut = new SystemUnderTest(nats, env, `http://127.0.0.1:${appPort}`, `http://127.0.0.1:${notifPort}`, `http://127.0.0.1:${scoringPort}`, `http://127.0.0.1:${mailHttpPort}`, `http://127.0.0.1:${orchestratorPort}`);
    for (const p of Object.values(sut.processes)) p.start();
    try {
      await Promise.all([
        waitReady(sut.applicationsUrl, sut.processes.applications),
        waitReady(sut.notificationsUrl, sut.processes.notifications),
        waitReady(sut.scoringUrl, sut.processes.scoring),
        sut.processes['mail-sink'].waitForOutput(/mail sink: SMTP on/),
        // Ready: its workflow worker runs and its starter consumes (what "workflow worker polling" announces).
        waitReady(sut.orchestratorUrl, sut.processes.orchestrator),
      ]);
      // A process that lost its port to another after that other answered for it is found here, not by a test's 404.
      const exited = Object.values(sut.processes).filter((p) => !p.running).map((p) => p.name);
      if (exited.length > 0) throw new Error(`exited while the others started: ${exited.join(', ')}`);
    } catch (err) {
      await sut.stop().catch(() => undefined);
      throw err;
    }
    return sut;
  }

  /**
   * The web gateway (built screens and /svc/<service>) in front of these services, on `port`, not yet started;
   * `overrides` change its environment (another list of instances, for one).
   */
  gatewayProcess(port: number, name = 'web', overrides: Record<string, string> = {}): ManagedProcess {
    return new ManagedProcess(name, process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/web/server/main.js')], {
      ...this.env,
      WEB_PORT: String(port),
      APPLICATIONS_URL: this.applicationsUrl,
      SCORING_URL: this.scoringUrl,
      NOTIFICATIONS_URL: this.notificationsUrl,
      WEB_DIST: join(WORKSPACE_ROOT, 'dist/web'),
      ...overrides,
    });
  }

  /** The web gateway in front of these services, on `port`, started and serving; the caller stops it. */
  async startGateway(port: number): Promise<ManagedProcess> {
    const web = this.gatewayProcess(port).start();
    await web.waitForOutput(/web: http/);
    return web;
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.processes).map((p) => p.stop()));
    await this.nats.stop();
  }

  /** The database as its owner sees it: tests that look or reach behind the API act as the database administrator. */
  get ownerDatabaseUrl(): string {
    return ownerDatabaseUrl(new URL(this.env['DATABASE_URL']!).pathname.slice(1));
  }

  /** Reads the system's database directly, as its owner (what a test checks behind the API: the audit rows, the stored state). */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const pg = new PgClient({ connectionString: this.ownerDatabaseUrl });
    await pg.connect();
    try {
      return (await pg.query(sql, params)).rows as T[];
    } finally {
      await pg.end();
    }
  }

  /** One request; `token` from tokenFor() or a sign-in (none: anonymous). */
  async http<T = unknown>(method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await fetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }
}
