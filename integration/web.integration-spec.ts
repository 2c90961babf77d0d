import { DEV_INSTITUTION } from '@sme/auth';
import { freePort, ManagedProcess, WORKSPACE_ROOT } from '@sme/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { SystemUnderTest, tokenFor } from './harness';

const SHOTS = join(WORKSPACE_ROOT, '.local/screenshots');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * The web front end in Debian's Chromium (playwright-core, nothing downloaded), against the whole system: the
 * public home in Chinese and English, sign-in with the seeded users, and each role's own menu and screens.
 * Screenshots go to .local/screenshots.
 */
describe('web: public pages, sign-in and role menus in a real browser', () => {
  let sut: SystemUnderTest;
  let web: ManagedProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let applicationId: string;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const signIn = async (username: string) => {
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('username').fill(username);
    await page.getByTestId('password').fill(`${username}-dev`);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('who').waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sut = await SystemUnderTest.start('it_web');
    const port = await freePort();
    web = new ManagedProcess('web', process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/web/server/main.js')], {
      ...sut.env,
      WEB_PORT: String(port),
      APPLICATIONS_URL: sut.applicationsUrl,
      SCORING_URL: sut.scoringUrl,
      NOTIFICATIONS_URL: sut.notificationsUrl,
      WEB_DIST: join(WORKSPACE_ROOT, 'dist/web'),
    });
    web.start();
    await web.waitForOutput(/web: http/);
    base = `http://127.0.0.1:${port}`;
    await sut.http('PUT', `${sut.applicationsUrl}/api/calls/2026`, { quota: 5, opensOn: '2026-01-01', closesOn: '2026-12-31', policyVersion: 'xiamen-2021-114' }, tokenFor('staff'));
    const res = await sut.http<{ id: string }>('POST', `${sut.applicationsUrl}/api/applications`, {
      creditCode: DEV_INSTITUTION, institutionName: '厦门市示范服务中心（演示）', callYear: 2026,
      materials: { applicationForm: true, platformIntroduction: true, supportingEvidence: false },
    }, tokenFor('applicant', { institution: DEV_INSTITUTION }));
    applicationId = res.body.id;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'America/Los_Angeles' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await sut?.stop();
  });

  it('shows the public home in Chinese with designed empty states, and in English on the toggle', async () => {
    await page.goto(base);
    await page.getByText('当前没有正在公示的名单').waitFor();
    await shot('01-public-home-zh');
    expect(await page.getByTestId('menu').innerText()).toContain('首页');
    await page.getByRole('tab', { name: '示范平台名单' }).click();
    await page.getByText('暂无示范平台').waitFor();
    await page.getByTestId('lang-toggle').click();
    await page.getByText('No recognised platforms yet').waitFor();
    await shot('02-public-platforms-en');
    await page.getByTestId('lang-toggle').click();
    await page.getByText('暂无示范平台').waitFor();
  });

  it('refuses a wrong password with the service\'s own reason', async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('username').fill('staff');
    await page.getByTestId('password').fill('wrong');
    await page.getByTestId('sign-in-submit').click();
    expect(await page.getByTestId('sign-in-error').innerText()).toContain('用户名或密码错误');
  });

  it("signs the applicant in to its own menu and shows its application's progress from the workflow", async () => {
    await signIn('applicant');
    const menu = await page.getByTestId('menu').innerText();
    expect(menu).toContain('我的申报');
    expect(menu).not.toContain('申报看板');
    await page.getByRole('link', { name: '我的申报' }).click();
    await page.getByTestId(`view-${applicationId}`).click();
    await page.getByText('待补充材料').first().waitFor({ timeout: 30_000 });
    await page.getByText('相关佐证材料').waitFor();
    await shot('03-applicant-timeline');
    await page.keyboard.press('Escape'); // close the drawer
    await page.getByTestId('timeline').waitFor({ state: 'detached' });
    await page.getByTestId('sign-out').click();
    await page.getByTestId('go-sign-in').waitFor();
    await page.goto(`${base}/my/applications`);
    await page.getByTestId('sign-in-submit').waitFor(); // signed out: the screen sends you to sign in
  });

  it('gives staff the pipeline and not the applicant menu', async () => {
    await signIn('staff');
    const menu = await page.getByTestId('menu').innerText();
    expect(menu).toContain('申报看板');
    expect(menu).not.toContain('我的申报');
    await page.getByRole('link', { name: '申报看板' }).click();
    await page.getByTestId(`view-${applicationId}`).waitFor();
    await shot('04-staff-pipeline');
    await page.getByTestId('sign-out').click();
  });
});
