import { freePorts, type ManagedProcess, waitFor } from '@sme/testing';
import { SystemUnderTest, tokenFor } from './harness';

/**
 * The web gateway in front of a service that runs as more than one instance (issue 11): an instance that is down is
 * the user's 503 with Retry-After, never a bare 502/504, and is left out so the next requests reach the live one.
 */
describe('the gateway over a service\'s instances', () => {
  let sut: SystemUnderTest;
  let web: ManagedProcess;
  let gateway: string;
  const STAFF = tokenFor('staff');
  const list = () => fetch(`${gateway}/svc/applications/api/calls`, { headers: { authorization: `Bearer ${STAFF}` } });

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_gateway');
    const [webPort, deadPort] = await freePorts(2);
    gateway = `http://127.0.0.1:${webPort}`;
    // Two instances of the applications service: one never started (its port closed), one running.
    web = sut.gatewayProcess(webPort!, 'gateway', { APPLICATIONS_URL: `http://127.0.0.1:${deadPort},${sut.applicationsUrl}` }).start();
    await web.waitForOutput(/web: http/);
  }, 120_000);
  afterAll(async () => {
    await web?.stop();
    await sut?.stop();
  });

  it('answers 503 with Retry-After for the instance that is down, then sends every request to the live one', async () => {
    const first = await Promise.all([list(), list()]);
    const statuses = first.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 503]);
    const refused = first.find((r) => r.status === 503)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ status: 503, type: expect.stringMatching(/service-unavailable$/), message: { zh: expect.stringContaining('稍后重试') } });
    // The failed instance is left out for a while: the next requests all reach the live one.
    for (let i = 0; i < 6; i++) expect((await list()).status).toBe(200);
  });

  it('answers 503, not 502, when every instance is down, and serves again when one is back', async () => {
    await sut.processes.applications.stop('SIGKILL');
    const down = await list();
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, '1']);
    sut.processes.applications.start();
    await waitFor('served again', async () => ((await list()).status === 200 ? true : undefined), 60_000, 500);
  });

  it('sends the security headers, HSTS only behind TLS, and keeps the services\' documents and metrics to itself', async () => {
    const page = await fetch(`${gateway}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('strict-transport-security')).toBeNull();
    const behindTls = await fetch(`${gateway}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindTls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    const api = await list();
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    for (const path of ['/svc/applications/docs', '/svc/applications/docs/json', '/svc/applications/DOCS/json', '/svc/applications//docs/json', '/svc/scoring/metrics', '/svc/notifications/docs/', '/SVC/applications/metrics', '/Svc/scoring/docs']) {
      const res = await fetch(`${gateway}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect((await fetch(`${sut.applicationsUrl}/docs/json`)).status).toBe(200); // still there for operators, on its own port
  });

  it('answers its own /api/health and /api/ready, not the front page, as the orchestrator does; 503 on /api/ready while no instance of a service is ready', async () => {
    const ask = async (url: string) => {
      const res = await fetch(url);
      return [url, res.status, res.headers.get('content-type'), await res.json()];
    };
    for (const base of [gateway, sut.orchestratorUrl]) {
      expect(await ask(`${base}/api/health`)).toEqual([`${base}/api/health`, 200, 'application/json; charset=utf-8', { status: 'ok' }]);
      // The gateway's: one instance of the applications service is down, the other ready.
      expect(await ask(`${base}/api/ready`)).toEqual([`${base}/api/ready`, 200, 'application/json; charset=utf-8', { status: 'ready' }]);
    }
    await sut.processes.scoring.stop('SIGKILL');
    await waitFor('the gateway not ready', async () => ((await fetch(`${gateway}/api/ready`)).status === 503 ? true : undefined), 15_000, 300);
    expect(await ask(`${gateway}/api/ready`)).toEqual([
      `${gateway}/api/ready`,
      503,
      'application/problem+json; charset=utf-8',
      expect.objectContaining({ status: 503, title: 'Service Unavailable', detail: 'not ready: the scoring service is not ready' }),
    ]);
    expect(await ask(`${gateway}/api/health`)).toEqual([`${gateway}/api/health`, 200, 'application/json; charset=utf-8', { status: 'ok' }]);
    sut.processes.scoring.start();
    await waitFor('the gateway ready again', async () => ((await fetch(`${gateway}/api/ready`)).status === 200 ? true : undefined), 60_000, 500);
  });

  it('refuses to start on a port another process holds, saying so and exiting non-zero, never announcing an address it does not serve', async () => {
    const second = sut.gatewayProcess(Number(new URL(gateway).port), 'gateway-second').start();
    expect(await second.exitCode()).toBe(1);
    expect(second.outputText).toMatch(/网站启动失败：无法监听 127\.0\.0\.1:\d+ \/ web gateway failed to start: cannot listen on .*EADDRINUSE/);
    expect(second.outputText).not.toMatch(/web: http/);
    // The first is untouched (its own health: a list may meet this file's dead instance of the applications service).
    expect((await fetch(`${gateway}/api/health`)).status).toBe(200);
  });
});
