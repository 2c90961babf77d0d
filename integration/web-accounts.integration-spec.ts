import { totpCode } from '@sme/auth';
import { makeCreditCode } from '@sme/policy';
import { waitFor } from '@sme/testing';
import { WebUnderTest } from './browser';
import { PDF } from './fixtures/apply';
import { createAdmin, GOOD_PASSWORD, mailTo, signIn as apiSignIn } from './fixtures/accounts';

/** A call of its own (call-<year> is one per Temporal namespace). */
const YEAR = 2033;
const CODE = makeCreditCode('91350200', 'MA2YWEB1');

/**
 * Issue 12, as new people would do it, in Chromium through the gateway, with every link read from the mail sink: the
 * first administrator from the command, an invited staff member, an institution that registers, confirms its email
 * and uploads its licence, staff verifying it, and the institution applying through the wizard.
 */
describe('web: accounts for real people, from the first administrator to a submitted application', () => {
  let w: WebUnderTest;
  /** An emailed link, opened on the gateway under test (PUBLIC_URL names the deployment's address). */
  const open = async (text: string) => {
    const link = /https?:\/\/\S+#token=\S+/.exec(text)?.[0];
    if (!link) throw new Error(`no link in: ${text}`);
    const url = new URL(link);
    await w.page.goto(`${w.base}${url.pathname}${url.hash}`);
  };
  const setPassword = async () => {
    await w.fill('set-password', GOOD_PASSWORD);
    await w.fill('set-password-again', GOOD_PASSWORD);
    await w.page.getByTestId('set-password-submit').click();
    await w.page.getByTestId('who').waitFor();
  };
  const signInAs = async (login: string) => {
    await w.page.goto(`${w.base}/sign-in`);
    await w.page.getByTestId('who').waitFor({ state: 'detached' }); // nobody still signed in from before
    await w.fill('username', login);
    await w.fill('password', GOOD_PASSWORD);
    await w.page.getByTestId('sign-in-submit').click();
    await w.page.getByTestId('who').waitFor();
  };

  beforeAll(async () => {
    w = await WebUnderTest.start('it_web_accounts', { shotPrefix: 'accounts-', env: { SEED_DEV_USERS: 'false' } });
  }, 180_000);
  afterAll(async () => {
    await w?.stop();
  });

  it('goes from the admin command to an institution\'s submitted application', async () => {
    const { page, sut } = w;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // The first administrator: the command prints (and emails) a link to set the password.
    const made = await createAdmin(sut, ['--email', 'chen.admin@xm.gov.cn', '--name', '陈管理员']);
    expect(made.code).toBe(0);
    await open((await mailTo(sut, 'chen.admin@xm.gov.cn', '账号邀请')).text);
    await page.getByText('欢迎！请为您的账号设置密码').waitFor();
    await w.fill('set-password', 'password123');
    await w.fill('set-password-again', 'password123');
    await page.getByTestId('set-password-submit').click();
    expect(await page.getByTestId('set-password-error').innerText()).toContain('过于常见');
    await setPassword();
    expect(await page.getByTestId('who').innerText()).toContain('账号管理员');
    expect(await page.getByTestId('menu').innerText()).toContain('账号管理');

    // The administrator invites a member of the center's staff.
    await page.getByRole('link', { name: '账号管理' }).click();
    await page.getByTestId('invite-open').click();
    await w.fill('invite-email', 'wang.gong@xm.gov.cn');
    await w.choose('invite-role', '市中小企业服务中心');
    await w.fill('invite-name', '服务中心 王工');
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('accounts-notice').filter({ hasText: '邀请已发送' }).waitFor();
    await page.getByTestId('accounts-table').getByText('已邀请，未设密码').waitFor();
    await w.shot('01-admin-accounts');
    await w.signOut();

    await open((await mailTo(sut, 'wang.gong@xm.gov.cn', '账号邀请')).text);
    await setPassword();
    expect(await page.getByTestId('menu').innerText()).toContain('机构注册核验');
    await w.signOut();

    // An institution registers from the sign-in page, and confirms its email from the link.
    await page.goto(`${w.base}/sign-in`);
    await page.getByTestId('go-register').click();
    await w.fill('reg-credit-code', CODE);
    await w.fill('reg-name', '厦门市网页注册服务中心');
    await w.fill('reg-contact', '张三');
    await w.fill('reg-mobile', '13912345678');
    await w.fill('reg-email', 'zhang.web@example.com');
    await w.fill('reg-password', GOOD_PASSWORD);
    await w.fill('reg-password-again', GOOD_PASSWORD);
    await page.getByTestId('reg-submit').click();
    await page.getByTestId('registered').waitFor();
    await open((await mailTo(sut, 'zhang.web@example.com', '确认注册邮箱')).text);
    await page.getByTestId('email-confirmed').waitFor();
    await page.getByTestId('confirmed-sign-in').click();
    await w.fill('username', 'zhang.web@example.com');
    await w.fill('password', GOOD_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('who').waitFor();

    // Pending: it uploads its licence on "my account".
    await page.getByRole('link', { name: '我的账号' }).click();
    expect(await page.getByTestId('institution-status').innerText()).toBe('待核验');
    await page.locator('input[type="file"]').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('licence-name').filter({ hasText: '营业执照.pdf' }).waitFor();
    await w.shot('02-applicant-pending');
    await w.signOut();

    // Staff verify it on their screen.
    await signInAs('wang.gong');
    await page.getByRole('link', { name: '机构注册核验' }).click();
    await page.getByTestId(`licence-${CODE}`).waitFor();
    await w.shot('03-staff-registrations');
    await page.getByTestId(`verify-${CODE}`).click();
    await page.getByTestId('registrations-notice').filter({ hasText: '已核验' }).waitFor();
    await w.signOut();
    expect((await mailTo(sut, 'zhang.web@example.com', '已核验')).text).toContain('即可提交申报');

    // A call is open (staff, through the API), and the institution applies through the wizard.
    const staff = await apiSignIn(sut, 'wang.gong', GOOD_PASSWORD);
    const call = { quota: 10, opensOn: `${new Date().getFullYear()}-01-01`, closesOn: `${YEAR}-12-31`, policyVersion: 'xiamen-2021-114' };
    expect((await sut.http('PUT', `${sut.applicationsUrl}/api/calls/${YEAR}`, call, staff)).status).toBe(200);
    await sut.http('POST', `${sut.applicationsUrl}/api/calls/${YEAR}/start`, undefined, staff);

    await signInAs('zhang.web');
    await page.getByRole('link', { name: '我的账号' }).click();
    expect(await page.getByTestId('institution-status').innerText()).toBe('已核验');
    await page.getByRole('link', { name: '在线申报' }).click();
    await w.choose('f-callYear', String(YEAR));
    await w.fill('f-institutionName', '厦门市网页注册服务中心');
    await w.fill('f-contact-email', 'zhang.web@example.com');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('f-legalPerson').click();
    await page.getByTestId('f-financesSound').click();
    await w.choose('f-type', '中小企业服务机构');
    await w.fill('f-establishedOn', '2020-03-01');
    await w.fill('f-totalAssetsYuan', '2000000');
    await w.fill('f-satisfactionPct', '90');
    await w.fill('f-servedBefore', '90');
    await w.fill('f-servedLast', '120');
    await w.fill('f-partnerInstitutions', '5');
    await page.getByTestId('f-fixedPremises').click();
    await w.fill('f-freeOrLowFeePct', '30');
    await w.fill('f-servingSmes', '12');
    await w.fill('f-qualified', '10');
    await page.getByTestId('claim-information').click();
    await page.getByTestId('f-functions-information-onlineSystem').click();
    await w.fill('f-functions-information-offlineEnterprisesServed', '100');
    await w.fill('f-functions-information-activities', '6');
    await page.getByTestId('f-openness-sharesResources-yes').click();
    await page.getByTestId('f-openness-openToSmes-yes').click();
    await page.locator('[data-testid="eligibility-outcome"][data-outcome="eligible_pending_evidence"]').waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('template-kinds').waitFor();
    for (const [kind, name] of [['申请表', '申请表（盖章）.pdf'], ['平台情况介绍', '平台介绍.pdf'], ['相关佐证材料', '申请报告.pdf']] as const) {
      await w.choose('evidence-kind', kind);
      await page.locator('[data-testid="evidence-panel"] input[type="file"]').setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
      await page.getByTestId('evidence-file').filter({ hasText: name }).waitFor({ timeout: 30_000 });
    }
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('confirm').waitFor();
    await page.getByTestId('wizard-submit').click();
    await page.getByTestId('timeline').waitFor({ timeout: 30_000 });
    await w.shot('04-applicant-submitted');
    const list = await sut.http<Array<{ creditCode: string; callYear: number }>>('GET', `${sut.applicationsUrl}/api/applications?creditCode=${CODE}`, undefined, staff);
    expect(list.body.map((a) => [a.creditCode, a.callYear])).toEqual([[CODE, YEAR]]);
    expect(errors).toEqual([]);
    await w.signOut();
  });

  it('signs a session out on the server: the token the browser held no longer works anywhere', async () => {
    const { page, sut } = w;
    await signInAs('wang.gong');
    const token = await page.evaluate<string | null>('sessionStorage.getItem("sme.token")');
    expect((await sut.http('GET', `${sut.scoringUrl}/api/experts`, undefined, token!)).status).toBe(200);
    await w.signOut();
    // The header button forgets the token at once and ends the session on the server a moment later.
    await waitFor('the signed-out token refused', async () => (await sut.http('GET', `${sut.scoringUrl}/api/experts`, undefined, token!)).status === 401, 10_000, 100);
  });

  it('lets the administrator enrol a second factor on "my account", then asks for its code at sign-in', async () => {
    const { page } = w;
    await signInAs('chen.admin');
    await page.getByRole('link', { name: '我的账号' }).click();
    expect(await page.getByTestId('totp-state').innerText()).toBe('未启用');
    await w.fill('totp-password', GOOD_PASSWORD);
    await page.getByTestId('totp-start').click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await w.fill('totp-code', totpCode(secret));
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('totp-done').waitFor();
    await w.shot('05-admin-totp');
    await w.signOut();

    await page.goto(`${w.base}/sign-in`);
    await w.fill('username', 'chen.admin');
    await w.fill('password', GOOD_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('totp').waitFor(); // the password was right: now the code
    await w.fill('totp', totpCode(secret, Date.now() + 30_000));
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').innerText()).toContain('陈管理员');
    await w.signOut();
  });
});
