import { DEV_INSTITUTION } from '@sme/auth';
import { annualCallStatusQuery, applicationOutcomeSignal, TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { freePort, infraEnv, ManagedProcess, waitFor, WORKSPACE_ROOT } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { SystemUnderTest, tokenFor } from './harness';

const SHOTS = join(WORKSPACE_ROOT, '.local/screenshots');
/** A past call year of this file's own, so its call closes at once and call-/notice- ids are not shared. */
const YEAR = 2018;
const NOTICE = `${YEAR}-1`;
const CANDIDATE = makeCreditCode('91350200', String((Date.now() % 1e7) * 10 + 9).padStart(8, '0').slice(-8));
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
  let connection: Connection;
  let temporal: TemporalClient;
  const terminate = (id: string) => temporal.workflow.getHandle(id).terminate('web test clean-up').catch(() => undefined);

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
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
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    for (const id of [WorkflowIds.publicNotice(NOTICE), WorkflowIds.annualCall(YEAR)]) await terminate(id);
  }, 180_000);

  afterAll(async () => {
    if (temporal) for (const id of [WorkflowIds.publicNotice(NOTICE), WorkflowIds.annualCall(YEAR)]) await terminate(id);
    await connection?.close();
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
    await page.getByText('申报机构补充材料：相关佐证材料').waitFor();
    await shot('03-applicant-timeline');
    await page.keyboard.press('Escape'); // close the drawer
    await page.getByTestId('timeline').waitFor({ state: 'detached' });
    // The same progress in English.
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId(`view-${applicationId}`).click();
    await page.getByText("the applicant's missing materials: supporting evidence").waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('timeline').waitFor({ state: 'detached' });
    await page.getByTestId('lang-toggle').click();
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

  it('takes the candidate list through staff and the bureau, shows the notice with its working days left, takes an objection from the public form and lets staff resolve it', async () => {
    // A call of a past year with one scored candidate, through the candidate list and the bureau's approval.
    await temporal.workflow.signalWithStart(WorkflowTypes.annualCall, {
      workflowId: WorkflowIds.annualCall(YEAR),
      taskQueue: TaskQueues.lifecycle,
      args: [{ year: YEAR, quota: 3, opensOn: `${YEAR}-03-01`, closesOn: `${YEAR}-04-30`, policyVersion: 'xiamen-2021-114' }],
      signal: applicationOutcomeSignal,
      signalArgs: [{ applicationId: '00000000-0000-4000-8000-0000000000b1', creditCode: CANDIDATE, institutionName: '厦门市网页公示中心', callYear: YEAR, result: 'scored', score: '90.00', dispersed: false, submittedAt: `${YEAR}-04-01T02:00:00.000Z` }],
    });
    await waitFor('the call ranks', async () => ((await temporal.workflow.getHandle(WorkflowIds.annualCall(YEAR)).query(annualCallStatusQuery)).stage === 'ranking' ? true : undefined), 30_000, 200);
    // Staff submit the list, the bureau sends it back with a reason, staff submit again, the bureau approves: in the browser.
    const openCall = async () => {
      await page.getByRole('link', { name: '年度认定' }).click();
      const year = page.locator('input[data-testid="call-year"], [data-testid="call-year"] input').first();
      await year.fill(String(YEAR));
      await year.press('Enter');
    };
    const stageIs = (text: string) => page.getByTestId('call-stage').filter({ hasText: text }).waitFor();
    await signIn('staff');
    await openCall();
    await stageIs('候选排名');
    await page.getByText('厦门市网页公示中心').waitFor();
    await shot('05-call-ranking');
    await page.getByTestId('submit-list').click();
    await stageIs('工信局内审');
    await page.getByTestId('sign-out').click();
    await signIn('bureau');
    await openCall();
    await page.getByTestId('review-send-back').click();
    await page.getByTestId('review-submit').click();
    await page.getByText('必填').first().waitFor();
    await page.getByTestId('review-reason').fill('请复核第1名的得分');
    await page.getByTestId('review-submit').click();
    await stageIs('候选排名');
    await page.getByText('请复核第1名的得分').waitFor(); // the review history, from the workflow
    await page.getByTestId('sign-out').click();
    await signIn('staff');
    await openCall();
    await page.getByTestId('submit-list').click();
    await stageIs('工信局内审');
    await page.getByTestId('sign-out').click();
    await signIn('bureau');
    await openCall();
    await page.getByTestId('review-approve').click();
    await stageIs('公示中');
    await shot('06-bureau-approved');
    await page.getByTestId('sign-out').click();

    await waitFor('the notice on the board', async () => {
      await page.goto(base);
      return (await page.getByTestId(`notice-${NOTICE}`).count()) > 0 ? true : undefined;
    }, 30_000, 500);
    const card = page.getByTestId(`notice-${NOTICE}`);
    const left = Number(await card.getByTestId('working-days-left').innerText());
    expect(left).toBeGreaterThanOrEqual(6);
    expect(left).toBeLessThanOrEqual(7);
    await shot('07-notice-board');

    await page.getByTestId(`object-${NOTICE}`).click();
    await page.getByTestId('objection-submit').click();
    await page.getByText('必填').first().waitFor(); // the form says what is missing before anything is sent
    await page.getByTestId('objection-target').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '厦门市网页公示中心' }).click();
    await page.getByTestId('objection-objector').fill('李四');
    await page.getByTestId('objection-contact').fill('13900000000');
    await page.getByTestId('objection-text').fill('该机构服务人员数量与申报材料不符。');
    await shot('08-objection-form');
    await page.getByTestId('objection-submit').click();
    await page.locator('.objection-received').waitFor();
    expect(await page.locator('.objection-received').innerText()).toContain(`${NOTICE}-O1`);
    await waitFor('the count', async () => ((await card.getByTestId('objection-count').innerText()) === '1' ? true : undefined), 10_000, 200);

    await signIn('staff');
    await page.getByRole('link', { name: '公示与异议' }).click();
    await page.getByText('李四').waitFor();
    await page.getByTestId(`dismiss-${NOTICE}-O1`).click();
    await page.getByTestId('resolution-reason').fill('经核查，服务人员数量属实。');
    await page.getByTestId('resolution-submit').click();
    await page.getByTestId(`resolved-${NOTICE}-O1`).waitFor();
    expect(await page.getByTestId(`resolved-${NOTICE}-O1`).innerText()).toContain('不成立');
    await shot('09-staff-objection-resolved');
    await page.getByTestId('sign-out').click();
  });
});
