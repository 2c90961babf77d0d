import { freePorts, ManagedProcess, WORKSPACE_ROOT } from '@sme/testing';
import { join } from 'node:path';
import { WebUnderTest } from './browser';
import { createAdmin, GOOD_PASSWORD, signIn } from './fixtures/accounts';

/**
 * Single sign-on (issue 12): a real OpenID provider (oidc-provider, started here) stands in for the unified identity
 * service. In Chromium: the sign-in screen offers it, the provider signs the person in, and they land on their role's
 * screens; an identity without an account is refused with the reason.
 */
describe('web: single sign-on through an OpenID Connect provider', () => {
  let w: WebUnderTest;
  let idp: ManagedProcess;

  beforeAll(async () => {
    const [webPort, idpPort] = await freePorts(2);
    const issuer = `http://127.0.0.1:${idpPort}`;
    const client = { OIDC_CLIENT_ID: 'sme-platforms', OIDC_CLIENT_SECRET: 'oidc-test-client-secret-0001' };
    idp = new ManagedProcess('oidc-provider', process.execPath, [join(WORKSPACE_ROOT, 'integration/fixtures/oidc-provider.mjs')], {
      OIDC_TEST_PORT: String(idpPort),
      OIDC_TEST_CLIENT_ID: client.OIDC_CLIENT_ID,
      OIDC_TEST_CLIENT_SECRET: client.OIDC_CLIENT_SECRET,
      OIDC_TEST_REDIRECT_URI: `http://127.0.0.1:${webPort}/svc/applications/api/auth/oidc/callback`,
      OIDC_TEST_ACCOUNTS: JSON.stringify({ 'gov-li-001': { email: 'li.chu@xm.gov.cn', name: '李处' }, 'gov-stranger-9': { email: 'stranger@xm.gov.cn', name: '路人' } }),
    });
    idp.start();
    await idp.waitForOutput(/oidc provider at/);
    w = await WebUnderTest.start('it_web_oidc', { shotPrefix: 'oidc-', webPort, env: { SEED_DEV_USERS: 'false', OIDC_ISSUER: issuer, ...client, OIDC_DISPLAY_NAME: '厦门市统一身份认证' } });
  }, 180_000);
  afterAll(async () => {
    await w?.stop();
    await idp?.stop();
  });

  const throughProvider = async (sub: string) => {
    const { page } = w;
    await page.context().clearCookies(); // a fresh visit: no session left at the provider from the one before
    await page.goto(`${w.base}/sign-in`);
    await page.getByTestId('sign-in-sso').click();
    await page.getByTestId('idp-sub').fill(sub);
    await page.getByTestId('idp-submit').click();
  };

  it('signs an invited bureau official in through the provider, onto the bureau\'s screens', async () => {
    const { page, sut } = w;
    expect((await createAdmin(sut, ['--email', 'admin@xm.gov.cn', '--name', '管理员'], { ADMIN_PASSWORD: GOOD_PASSWORD })).code).toBe(0);
    const admin = await signIn(sut, 'admin', GOOD_PASSWORD);
    const invited = await sut.http('POST', `${sut.applicationsUrl}/api/accounts/invitations`, { email: 'li.chu@xm.gov.cn', role: 'bureau', displayName: '工信局 李处' }, admin);
    expect(invited.status).toBe(201);

    await page.goto(`${w.base}/sign-in`);
    expect(await page.getByTestId('sign-in-sso').innerText()).toContain('厦门市统一身份认证');
    await throughProvider('gov-li-001');
    await page.getByTestId('who').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('who').innerText()).toContain('工信局 李处');
    expect(await page.getByTestId('who').innerText()).toContain('市工业和信息化局');
    const menu = await page.getByTestId('menu').innerText();
    expect(menu).toContain('申报看板');
    expect(menu).toContain('运行监控');
    expect(menu).not.toContain('账号管理');
    expect(page.url()).toBe(`${w.base}/workbench`); // signed in, on the workbench; the hand-over token is gone from the address
    await page.getByRole('link', { name: '申报看板' }).click();
    await page.locator('main h2, .ant-layout-content h2').first().waitFor();
    await w.shot('01-bureau-signed-in');
    // The sign-in is the account's: audited with its method, and bound to the provider's subject from now on.
    const rows = await sut.query<{ data: { method: string } }>(`SELECT data FROM applications.audit_event WHERE action = 'account.signed_in' ORDER BY seq DESC LIMIT 1`);
    expect(rows[0]!.data.method).toBe('oidc');
    await w.signOut();
  });

  it('refuses an identity that has no account here, saying so on the sign-in screen', async () => {
    const { page } = w;
    await throughProvider('gov-stranger-9');
    await page.getByTestId('sign-in-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sign-in-error').innerText()).toContain('尚未开通本系统账号');
    expect(await page.getByTestId('who').count()).toBe(0);
  });

  it('honours the hand-over only in the browser that came back from the provider (no signing someone in as oneself)', async () => {
    const { page, sut } = w;
    // Hold the screen's own trade back, to try the hand-over token from elsewhere first.
    await page.route('**/api/auth/oidc/session', (route) => route.abort());
    const callback = page.waitForResponse((r) => r.url().includes('/api/auth/oidc/callback'), { timeout: 30_000 });
    await throughProvider('gov-li-001');
    const handover = /#token=([A-Za-z0-9_-]+)/.exec((await callback).headers()['location'] ?? '')?.[1];
    await page.unroute('**/api/auth/oidc/session');
    expect(handover).toBeTruthy();
    const elsewhere = await sut.http<{ type: string }>('POST', `${w.base}/svc/applications/api/auth/oidc/session`, { token: handover });
    expect([elsewhere.status, elsewhere.body.type]).toEqual([403, expect.stringMatching(/oidc-state$/)]);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'sme_oidc_handover');
    const res = await fetch(`${w.base}/svc/applications/api/auth/oidc/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `sme_oidc_handover=${cookie!.value}` },
      body: JSON.stringify({ token: handover }),
    });
    expect(res.status).toBe(200);
  });
});
