import { DEV_EXPERT_ID } from '@sme/auth';
import { applicationStatusQuery, type ApplicationStatus, WorkflowIds } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { infraEnv, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import type { Page } from 'playwright-core';
import { WebUnderTest } from './browser';
import { factsFor } from '@sme/testing/facts';
import { applyWithFiles, confirmingSiteVisit, uploadEvidence } from './fixtures/apply';
import { CRITERIA_MAX, rubricFor } from '@sme/testing';
import { type SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
/**
 * The call year of this file's applications. Its call workflow is never started here (the application tells a
 * missing call and goes on), so nothing of another test's call-<year> is touched. It has to be a year some policy
 * version covers (xiamen-2021-114 from 2021-06-06 on): the application workflow binds to POLICIES.forCallYear.
 */
const YEAR = 2022;
const run = Date.now() % 1e7;
const code = (n: number) => makeCreditCode('91350200', String(run * 10 + n).padStart(8, '0').slice(-8));
const APPLICANT = code(1);
const NAME = '厦门市专家评审网页测试中心';

interface Assignment { id: string; applicationId: string; expertId: string; state: string }

/**
 * The expert's screens in Debian's Chromium against the whole system: nothing assigned yet, then (staff record
 * the site visit and invite the panel through the APIs) the assignment, the declaration before anything of the
 * application shows, the Annex 2 checklist with the recorded result, the evidence through the grant, the rubric
 * with a refused score and its reason, then the others' scores as 专家1..n once one's own is in; English once.
 */
describe('web: the expert assignments, declaration, rubric scoring and panel scores in a real browser', () => {
  let w: WebUnderTest;
  let sut: SystemUnderTest;
  let page: Page;
  let connection: Connection;
  let temporal: TemporalClient;
  let applicationId: string;
  let assignmentId: string;
  const others: string[] = [];

  const shot = (name: string) => w.shot(name);
  const stage = (id: string) => temporal.workflow.getHandle(WorkflowIds.application(id)).query(applicationStatusQuery);
  const reach = (id: string, wanted: string) => waitFor(`${id} in ${wanted}`, async () => ((await stage(id).catch(() => null))?.stage === wanted ? true : undefined), 60_000, 200);
  const scoring = (path: string) => `${sut.scoringUrl}${path}`;
  const numberInput = (id: string) => w.input(id);
  const signIn = (username: string) => w.signIn(username);

  beforeAll(async () => {
    // Tall enough that the drawer's sections show in the screenshots.
    w = await WebUnderTest.start('it_web_expert', { shotPrefix: 'expert-', viewport: { width: 1280, height: 1500 } });
    ({ sut, page } = w);
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });

    // Staff set up the call and the pool; the applicant applies with its evidence.
    // The call is open today (第十条: one applies within the call's dates).
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect((await sut.http('PUT', `${sut.applicationsUrl}/api/calls/${YEAR}`, { quota: 5, opensOn: `${YEAR}-03-01`, closesOn: today, policyVersion: 'xiamen-2021-114' }, STAFF)).status).toBe(200);
    // The panel is the policy version's minimum (panel.minExperts, 5; 第十二条): the seeded expert and four more.
    for (const i of [2, 3, 4, 5]) {
      const res = await sut.http<{ id: string }>('POST', scoring('/api/experts'), { name: `网页专家${i}`, employerCreditCode: code(10 + i), fields: ['技术服务'] }, STAFF);
      expect(res.status).toBe(201);
      others.push(res.body.id);
    }
    const applicant = tokenFor('applicant', { institution: APPLICANT });
    const res = await applyWithFiles(sut, applicant, { creditCode: APPLICANT, institutionName: NAME, callYear: YEAR, eligibilityFacts: factsFor(APPLICANT) });
    expect(res.status).toBe(201);
    applicationId = res.body.id;
    await reach(applicationId, 'awaiting_site_visit');
    // A ledger for the experts, added while the site visit is awaited (uploads are open then).
    const up = await uploadEvidence(sut, applicant, `applications/${applicationId}`, 'supportingEvidence', Buffer.from(`%PDF-1.4\n${NAME}\n%%EOF\n`), '服务台账.pdf');
    expect(up.status).toBe(201);

  }, 180_000);

  afterAll(async () => {
    if (temporal && applicationId) await temporal.workflow.getHandle(WorkflowIds.application(applicationId)).terminate('web-expert test clean-up').catch(() => undefined);
    await connection?.close();
    await w?.stop();
  });

  it('shows the expert their own menu and a designed empty state before anything is assigned', async () => {
    await signIn('expert');
    const menu = await page.getByTestId('menu').innerText();
    expect(menu).toContain('评审任务');
    expect(menu).not.toContain('申报看板');
    await page.getByRole('link', { name: '评审任务' }).click();
    await page.getByText('暂无评审任务').waitFor();
    await shot('01-empty');
  });

  it('lists the assignment once staff invite the panel, and opens nothing of the application before the declaration', async () => {
    // Staff record the site visit (8 of the 9 Annex 2 items met, 92.5 % satisfied) and invite the panel: over the APIs.
    const checklist = { 'legal-person': true, premises: true, 'service-records': true, survey: true, partners: true, 'management-rules': true, staff: true, functions: true, innovation: false };
    const status = (await sut.http<{ status: ApplicationStatus }>('GET', `${sut.applicationsUrl}/api/applications/${applicationId}`, undefined, STAFF)).body.status;
    const visit = await sut.http('POST', `${sut.applicationsUrl}/api/applications/${applicationId}/site-visit`, { ...confirmingSiteVisit(status, [DEV_EXPERT_ID], checklist), surveySatisfaction: 0.925 }, STAFF);
    expect(visit).toMatchObject({ status: 201 });
    await reach(applicationId, 'awaiting_experts');
    const panel = await sut.http<Assignment[]>('POST', scoring(`/api/applications/${applicationId}/panel`), { expertIds: [DEV_EXPERT_ID, ...others], partnerCreditCodes: [], dueInDays: 5 }, STAFF);
    expect(panel).toMatchObject({ status: 201 });
    assignmentId = panel.body.find((a) => a.expertId === DEV_EXPERT_ID)!.id;

    await page.reload();
    await page.getByTestId(`state-${assignmentId}`).filter({ hasText: '待回避声明' }).waitFor();
    await page.getByText(NAME).waitFor();
    await page.getByTestId(`open-${assignmentId}`).click();
    await page.getByTestId('declaration').waitFor();
    expect(await page.getByTestId('review').count()).toBe(0);
    expect(await page.getByTestId('score-form').count()).toBe(0);
    await page.getByTestId('declare-submit').click();
    await page.getByText('必填').first().waitFor(); // a choice must be made
    await page.getByTestId('declare-no-conflict').click();
    await page.getByTestId('declaration-statement').fill('与申报单位无任职、顾问、持股关系。');
    await shot('02-declaration');
    await page.getByTestId('declare-submit').click();
    await page.getByTestId('review').waitFor();
    expect(await page.getByTestId('declaration').count()).toBe(0);
    expect(await page.getByTestId('assignment-state').innerText()).toBe('待评分');
    expect(await page.getByTestId(`state-${assignmentId}`).innerText()).toBe('待评分'); // the list behind the drawer follows
  });

  it('shows the Annex 2 checklist with the recorded result, the evidence through the grant, and the rubric with its maxima', async () => {
    expect(await page.getByTestId('site-checklist').locator('[data-testid^="check-item-"]').count()).toBe(9);
    await page.getByText('服务对象测评：抽访服务企业满意度').waitFor();
    expect(await page.getByTestId('checklist-met').innerText()).toBe('8 / 9');
    expect(await page.getByTestId('survey-satisfaction').innerText()).toBe('92.5 %');
    expect(await page.getByTestId('application-stage').innerText()).toBe('专家评审中');

    await page.getByTestId('show-evidence').click();
    await page.getByText('服务台账.pdf').waitFor();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('evidence-files').getByRole('row').filter({ hasText: '服务台账.pdf' }).getByRole('button', { name: '下载' }).click()]);
    expect(file.suggestedFilename()).toBe('服务台账.pdf');

    for (const [id, max] of Object.entries(CRITERIA_MAX)) expect(await page.getByTestId(`max-${id}`).innerText()).toBe(String(max));
    await page.getByText('服务业绩').waitFor();
    await shot('03-review');
  });

  it('refuses a score above a criterion\'s maximum with the service\'s reason, then takes the corrected scores', async () => {
    const mine: Record<string, number> = { performance: 26, capability: 18, management: 12, staff: 8, functions: 16, innovation: 7 };
    for (const [id, v] of Object.entries(mine)) await numberInput(`score-${id}`).fill(String(v));
    await page.getByText('超过该项满分 25').waitFor(); // the form warns; the rubric's owner decides
    await waitFor('the live total', async () => ((await page.getByTestId('score-total').innerText()) === '87.00' ? true : undefined), 5_000, 100);
    await page.getByTestId('score-submit').click();
    await page.getByTestId('score-error').waitFor();
    expect(await page.getByTestId('score-error').innerText()).toContain('评分不符合评分细则');
    await shot('04-score-refused');
    expect(await page.getByTestId('panel-scores').count()).toBe(0);

    await numberInput('score-performance').fill('22');
    await waitFor('the live total', async () => ((await page.getByTestId('score-total').innerText()) === '83.00' ? true : undefined), 5_000, 100);
    await page.getByTestId('score-submit').click();
    await page.getByTestId('panel-scores').waitFor();
    await waitFor('own total', async () => ((await page.getByTestId('own-total').innerText()) === '83.00' ? true : undefined), 10_000, 100);
    expect(await page.getByTestId('pending-experts').innerText()).toBe('4');
    expect(await page.getByTestId('score-form').count()).toBe(0);
    expect(await page.getByTestId('assignment-state').innerText()).toBe('已评分');
    await shot('05-own-score');
  });

  it('lets staff replace an expert who recused, from the panel in the pipeline drawer (第十二条)', async () => {
    // The fourth expert declares a conflict; a new one joins the pool.
    const leaving = tokenFor('expert', { expertId: others[3]! });
    const [mine] = (await sut.http<Assignment[]>('GET', scoring('/api/assignments'), undefined, leaving)).body;
    expect((await sut.http('POST', scoring(`/api/assignments/${mine!.id}/declaration`), { noConflict: false, statement: '曾任申报单位顾问' }, leaving)).status).toBe(201);
    const added = await sut.http<{ id: string }>('POST', scoring('/api/experts'), { name: '网页专家6', employerCreditCode: code(16), fields: ['技术服务'] }, STAFF);
    expect(added.status).toBe(201);

    await w.signOut();
    await signIn('staff');
    await page.goto(`${w.base}/pipeline?open=${applicationId}`);
    await page.getByTestId('panel-roster').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId(`roster-state-${mine!.id}`).innerText()).toBe('已回避');
    await page.getByTestId(`replace-${mine!.id}`).click();
    await w.choose('replace-expert', '网页专家6');
    await page.getByTestId('replace-reason').fill('原专家声明回避');
    await shot('05b-staff-replaces-expert');
    await page.getByTestId('replace-submit').click();
    await page.getByTestId('replace-form').waitFor({ state: 'detached' });
    await page.getByText('由 网页专家6：原专家声明回避').waitFor();
    expect((await stage(applicationId)).experts!.map((e) => e.expertId)).toContain(added.body.id);
    others[3] = added.body.id;

    // Back to the expert's drawer, where the next step reads the panel's scores.
    await w.signOut();
    await signIn('expert');
    await page.getByRole('link', { name: '评审任务' }).click();
    await page.getByTestId(`open-${assignmentId}`).click();
    await page.getByTestId('scores-refresh').waitFor();
  });

  it('shows the other experts\' scores as 专家1..n once they are in, with the panel score, in Chinese and in English', async () => {
    for (const [i, id] of others.entries()) {
      const t = tokenFor('expert', { expertId: id });
      const [a] = (await sut.http<Assignment[]>('GET', scoring('/api/assignments'), undefined, t)).body;
      expect((await sut.http('POST', scoring(`/api/assignments/${a!.id}/declaration`), { noConflict: true }, t)).status).toBe(201);
      expect((await sut.http('POST', scoring(`/api/assignments/${a!.id}/score`), { scores: rubricFor(i === 0 ? 80 : 90) }, t)).status).toBe(201);
    }
    await page.getByTestId('scores-refresh').click();
    await waitFor('the panel score', async () => ((await page.getByTestId('aggregate-score').count()) && (await page.getByTestId('pending-experts').innerText()) === '0' ? true : undefined), 10_000, 200);
    // Five scores (83, 80, 90, 90, 90): the trimmed mean drops the lowest and the highest, (83 + 90 + 90) / 3.
    expect(await page.getByTestId('aggregate-score').innerText()).toBe('87.67');
    expect(await page.locator('.panel-expert').allInnerTexts()).toEqual(['本人', '专家1', '专家2', '专家3', '专家4']);
    const table = await page.getByTestId('panel-scores').innerText();
    expect(table).toContain('80.00');
    expect(table).toContain('90.00');
    expect(table).not.toContain('网页专家'); // never by name
    await shot('06-panel-scores');

    // The header is behind the drawer's mask: close it, switch to English, open it again.
    await page.keyboard.press('Escape');
    await page.getByTestId('assignment-detail').waitFor({ state: 'detached' });
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByTestId(`state-${assignmentId}`).innerText()).toBe('Scored');
    await page.getByTestId(`open-${assignmentId}`).click();
    await page.getByText('The panel\'s scores').waitFor();
    await waitFor('the names', async () => ((await page.locator('.panel-expert').allInnerTexts()).join() === 'You,Expert 1,Expert 2,Expert 3,Expert 4' ? true : undefined), 10_000, 100);
    await page.getByText('What the site visit checks (Annex 2, Art. 11)').waitFor();
    await page.getByText('Survey of served enterprises: satisfaction').waitFor();
    expect(await page.getByTestId('assignment-state').innerText()).toBe('Scored');
    await shot('07-panel-scores-en');
    await page.keyboard.press('Escape');
    await page.getByTestId('assignment-detail').waitFor({ state: 'detached' });
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('sign-out').click();
  });
});
