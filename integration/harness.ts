import { createTestDatabase, PrivateNatsServer, freePort, infraEnv, serviceProcess, waitReady, type ManagedProcess } from '@sme/testing';

/** The whole system as separate processes against real PostgreSQL, NATS and Temporal, for one test file. */
export class SystemUnderTest {
  readonly processes: Record<'applications' | 'notifications' | 'orchestrator', ManagedProcess>;

  private constructor(
    readonly nats: PrivateNatsServer,
    readonly env: Record<string, string>,
    readonly applicationsUrl: string,
    readonly notificationsUrl: string,
  ) {
    this.processes = {
      applications: serviceProcess('applications', env),
      notifications: serviceProcess('notifications', env),
      orchestrator: serviceProcess('orchestrator', env),
    };
  }

  /** `database`: a fresh, migrated database of that name for this test file. */
  static async start(database: string): Promise<SystemUnderTest> {
    const infra = infraEnv();
    const databaseUrl = await createTestDatabase(database);
    const nats = await PrivateNatsServer.start();
    const [appPort, notifPort] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      TEMPORAL_ADDRESS: infra['TEMPORAL_ADDRESS']!,
      TEMPORAL_NAMESPACE: 'sme-test',
      APPLICATIONS_PORT: String(appPort),
      NOTIFICATIONS_PORT: String(notifPort),
      OUTBOX_POLL_MS: '100',
    };
    const sut = new SystemUnderTest(nats, env, `http://127.0.0.1:${appPort}`, `http://127.0.0.1:${notifPort}`);
    for (const p of Object.values(sut.processes)) p.start();
    await Promise.all([
      waitReady(sut.applicationsUrl, sut.processes.applications),
      waitReady(sut.notificationsUrl, sut.processes.notifications),
      sut.processes.orchestrator.waitForOutput(/workflow worker polling/),
    ]);
    return sut;
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.processes).map((p) => p.stop()));
    await this.nats.stop();
  }

  async http<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
