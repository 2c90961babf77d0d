import { DEV_EXPERT_ID, DEV_INSTITUTION, type Role } from '@sme/auth';
import { applicationStatusQuery, type ApplicationStatus, type Workbench, WorkflowIds } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { infraEnv, waitFor } from '@sme/testing';
import { factsFor } from '@sme/testing/facts';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, TABLET, WebUnderTest } from './browser';
import { applyWithFiles, confirmingSiteVisit } from './fixtures/apply';
import { type SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff');
/** A past call year of this file's own, open until today so applications are taken (第十条). */
const YEAR = 2021;
const run = Date.now() % 1e7;
const code = (n: number) => makeCreditCode('91350200', String(run * 10 + n).padStart(8, '0').slice(-8));
const PANEL_APPLICANT = code(1);
const PANEL_NAME = '厦门市工作台测试评审中心';
const TODAY = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * The screens of each role's menu, walked at each size: every one must fit and pass axe-core. On a phone (390 px) the
 * applicant's and the expert's screens all work, and every role's workbench, messages and account; staff, bureau,
 * auditor and operator screens are walked on a tablet (768 px) instead (issue 14: staff work at desks and on tablets).
 */
const DAY: Record<Exclude<Role, 'admin'>, string[]> = {
  applicant: ['/workbench', '/my/apply', '/my/applications', '/my/platform', '/messages', '/account'],
  staff: ['/workbench', '/pipeline', '/calls', '/notices', '/platforms', '/evaluation', '/registrations', '/messages', '/account'],
  bureau: ['/workbench', '/pipeline', '/calls', '/notices', '/platforms', '/evaluation', '/operations', '/audit', '/messages', '/account'],
  expert: ['/workbench', '/expert/assignments', '/expert/evaluation', '/messages', '/account'],
  auditor: ['/workbench', '/pipeline', '/calls', '/platforms', '/registrations', '/audit', '/messages', '/account'],
  operator: ['/workbench', '/operations', '/messages', '/account'],
};
const EVERYONE_ON_PHONES = ['/workbench', '/messages', '/account'];
const ON_PHONES: Role[] = ['applicant', 'expert'];

/**
 * Each role's day through its workbench (工作台), in Chromium at 1440x900 and at 390x844: signed in, a person lands on
 * what waits for them, with counts, deadlines and links that open the work; the message centre's badge counts the
 * unread notices; and every screen of the role's menu fits the window (no sideways scrolling), throws no page error
 * and has no serious axe-core finding.
 */
describe('web: each role\'s workbench and screens at desktop and phone sizes', () => {
  let w: WebUnderTest;
  let sut: SystemUnderTest;
  let page: Page;
  let connection: Connection;
  let temporal: TemporalClient;
  let materialsId: string;
  let panelId: string;
  let assignmentId: string;
  const experts: string[] = [];

  const stage = (id: string) => temporal.workflow.getHandle(WorkflowIds.application(id)).query(applicationStatusQuery);
  const reach = (id: string, wanted: string) => waitFor(`${id} in ${wanted}`, async () => ((await stage(id).catch(() => null))?.stage === wanted ? true : undefined), 60_000, 200);
  const workbench = (role: Role, service: 'applications' | 'scoring' = 'applications', who: Parameters<typeof tokenFor>[1] = {}) =>
    sut.http<Workbench>('GET', `${service === 'scoring' ? sut.scoringUrl : sut.applicationsUrl}/api/workbench`, undefined, tokenFor(role, who));
  const item = (wb: Workbench, key: string) => wb.items.find((i) => i.key === key);

  beforeAll(async () => {
    w = await WebUnderTest.start('it_web_workbench', { shotPrefix: 'workbench-', viewport: DESKTOP, reducedMotion: true });
    ({ sut, page } = w);
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    expect((await sut.http('PUT', `${sut.applicationsUrl}/api/calls/${YEAR}`, { quota: 5, opensOn: `${YEAR}-03-01`, closesOn: TODAY, policyVersion: 'xiamen-2021-114' }, STAFF)).status).toBe(200);

    // The demo institution applies without its supporting evidence: the completeness check asks for it (第十条).
    const applicant = tokenFor('applicant', { institution: DEV_INSTITUTION });
    const res = await applyWithFiles(sut, applicant, { creditCode: DEV_INSTITUTION, institutionName: '厦门市示范服务中心（演示）', callYear: YEAR, eligibilityFacts: factsFor(DEV_INSTITUTION) }, ['applicationForm', 'platformIntroduction']);
    expect(res.status).toBe(201);
    materialsId = res.body.id;

    // Another institution's application goes to the panel, with the seeded expert on it (第十二条: five experts).
    for (const i of [2, 3, 4, 5]) {
      const e = await sut.http<{ id: string }>('POST', `${sut.scoringUrl}/api/experts`, { name: `工作台专家${i}`, employerCreditCode: code(10 + i), fields: ['技术服务'] }, STAFF);
      expect(e.status).toBe(201);
      experts.push(e.body.id);
    }
    const other = await applyWithFiles(sut, tokenFor('applicant', { institution: PANEL_APPLICANT }), { creditCode: PANEL_APPLICANT, institutionName: PANEL_NAME, callYear: YEAR, eligibilityFacts: factsFor(PANEL_APPLICANT) });
    expect(other.status).toBe(201);
    panelId = other.body.id;
    await reach(materialsId, 'awaiting_materials');
    await reach(panelId, 'awaiting_site_visit');
  }, 180_000);

  afterAll(async () => {
    if (temporal) for (const id of [materialsId, panelId].filter(Boolean)) await temporal.workflow.getHandle(WorkflowIds.application(id)).terminate('web-workbench test clean-up').catch(() => undefined);
    await connection?.close();
    await w?.stop();
  });

  it('counts what waits for each role over the API, with the workflow\'s deadline and the article', async () => {
    // Staff: one site visit to record, one application waiting for materials (its deadline from the workflow).
    const staff = (await workbench('staff')).body;
    expect(item(staff, 'siteVisits')).toMatchObject({ count: 1, article: '第十一条', rows: [{ id: panelId, label: PANEL_NAME, link: `/pipeline?open=${panelId}` }] });
    const waiting = (await stage(materialsId)) as ApplicationStatus;
    expect(item(staff, 'materials')).toMatchObject({ count: 1, rows: [{ id: materialsId, deadline: waiting.deadline, overdue: false }] });
    expect(item(staff, 'panels')).toMatchObject({ count: 0, rows: [] });
    // The applicant sees only its own: its application's request for materials, with the same deadline.
    const own = (await workbench('applicant', 'applications', { institution: DEV_INSTITUTION })).body;
    expect(item(own, 'materials')).toMatchObject({ count: 1, article: '第十条', rows: [{ id: materialsId, deadline: waiting.deadline }] });
    const stranger = (await workbench('applicant', 'applications', { institution: PANEL_APPLICANT })).body;
    expect(item(stranger, 'materials')).toMatchObject({ count: 0 });
    // Experts have theirs on the scoring service; the applications service refuses them (the role table).
    expect((await workbench('expert', 'applications', { expertId: DEV_EXPERT_ID })).status).toBe(403);

    // Staff record the site visit and invite the panel: the expert has a declaration to make, staff a panel scoring.
    const status = (await sut.http<{ status: ApplicationStatus }>('GET', `${sut.applicationsUrl}/api/applications/${panelId}`, undefined, STAFF)).body.status;
    expect((await sut.http('POST', `${sut.applicationsUrl}/api/applications/${panelId}/site-visit`, confirmingSiteVisit(status, [DEV_EXPERT_ID]), STAFF)).status).toBe(201);
    await reach(panelId, 'awaiting_experts');
    await waitFor('the panel to assign counted', async () => (item((await workbench('staff')).body, 'panels')?.count === 1 ? true : undefined), 30_000, 300);
    const panel = await sut.http<Array<{ id: string; expertId: string }>>('POST', `${sut.scoringUrl}/api/applications/${panelId}/panel`, { expertIds: [DEV_EXPERT_ID, ...experts], partnerCreditCodes: [], dueInDays: 5 }, STAFF);
    expect(panel.status).toBe(201);
    assignmentId = panel.body.find((a) => a.expertId === DEV_EXPERT_ID)!.id;
    await reach(panelId, 'scoring');
    const expert = (await workbench('expert', 'scoring', { expertId: DEV_EXPERT_ID })).body;
    const scoringStatus = (await stage(panelId)) as ApplicationStatus;
    expect(item(expert, 'declarations')).toMatchObject({ count: 1, article: '第十二条', rows: [{ id: assignmentId, label: PANEL_NAME, deadline: scoringStatus.deadline, link: `/expert/assignments?open=${assignmentId}` }] });
    expect(item(expert, 'scores')).toMatchObject({ count: 0 });
  });

  for (const size of [DESKTOP, PHONE]) {
    const at = `${size.width}px`;

    it(`walks the applicant's day at ${at}: lands on the workbench, follows the request for materials, reads and clears its messages`, async () => {
      await w.resize(size);
      await w.signIn('applicant');
      await page.waitForURL(/\/workbench$/);
      const card = page.getByTestId('work-materials');
      await card.waitFor();
      expect(await page.getByTestId('work-materials-count').innerText()).toContain('1');
      // The deadline reads as the workflow names it, in Beijing time and one format: a deadline at 24:00 is its own day.
      const due = ((await stage(materialsId)) as ApplicationStatus).deadline!;
      const shown = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(new Date(Date.parse(due) - 1));
      expect(await page.getByTestId(`work-row-${materialsId}`).innerText()).toContain(`期限 ${shown}`);
      await w.shot(`applicant-${at}`);
      // The row opens the application where the missing file is asked for.
      await page.getByTestId(`work-row-${materialsId}`).getByRole('link').click();
      await page.getByTestId('missing-supportingEvidence').waitFor({ timeout: 30_000 });
      await page.getByTestId('upload-limits').filter({ hasText: /MiB/ }).waitFor();
      expect(await w.screenProblems()).toEqual([]); // the drawer open, with the upload form
      await page.keyboard.press('Escape');
      // The request for materials came to the inbox: the badge counts it until it is read (once, on the first size).
      const badge = page.getByTestId('message-badge');
      if (size === DESKTOP) {
        await waitFor('an unread message counted', async () => (/[1-9]/.test(await badge.innerText()) ? true : undefined), 30_000, 300);
        await badge.click();
        await page.waitForURL(/\/messages$/);
        await page.getByText('请补充申报材料').first().waitFor();
        await page.getByTestId('mark-all-read').click();
        await page.getByTestId('messages-unread').filter({ hasText: /^0/ }).waitFor();
        await waitFor('the badge cleared', async () => (/[1-9]/.test(await badge.innerText()) ? undefined : true), 10_000, 200);
      } else {
        await badge.click();
        await page.getByText('请补充申报材料').first().waitFor();
        expect(await page.getByTestId('mark-all-read').isDisabled()).toBe(true);
      }
    });

    it(`walks the expert's day at ${at}: the declaration due, opened from the workbench`, async () => {
      await w.resize(size);
      await w.signIn('expert');
      await page.waitForURL(/\/workbench$/);
      await page.getByTestId('work-declarations').waitFor();
      await page.getByTestId(`work-row-${assignmentId}`).getByRole('link').click();
      await page.getByTestId('declaration').waitFor();
      expect(await w.screenProblems()).toEqual([]);
    });

    it(`walks staff's day at ${at}: the panel scoring and the materials awaited, each opening its application`, async () => {
      await w.resize(size);
      await w.signIn('staff');
      await page.waitForURL(/\/workbench$/);
      await page.getByTestId('work-scoring').waitFor();
      await page.getByTestId('work-materials').waitFor();
      await w.shot(`staff-${at}`);
      await page.getByTestId(`work-row-${panelId}`).getByRole('link').click();
      await page.waitForURL(new RegExp(`/pipeline\\?open=${panelId}`));
      await page.getByTestId('timeline').waitFor();
      // The drawer is the whole application, titled by its institution: facts with the clause-by-clause result, the
      // materials and their files, the site visit with its Annex 2 checklist, every decision with who and when.
      expect(await page.getByTestId('drawer-title').innerText()).toContain(PANEL_NAME);
      const record = page.getByTestId('application-record');
      await record.waitFor();
      expect(await page.getByTestId('record-eligibility').innerText()).toMatch(/第六条[\s\S]*第七条[\s\S]*第八条/);
      await page.getByTestId('record-site-visit').waitFor();
      expect(await page.getByTestId('record-site-visit').locator('[data-testid^="record-check-"]').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('record-material-applicationForm').innerText()).toContain('applicationForm');
      expect(await page.getByTestId('record-decisions').innerText()).toContain('实地考察');
      await page.getByTestId('download-receipt').waitFor();
      await page.getByTestId('print-summary').waitFor();
      expect(await page.getByTestId('breadcrumbs').innerText()).toMatch(/工作台[\s\S]*申报看板/);
      expect(await w.screenProblems()).toEqual([]); // the record drawer open
      if (size === DESKTOP) {
        // From any screen, the header's search finds the application by its credit code and opens it.
        await page.keyboard.press('Escape');
        await page.goto(`${w.base}/calls`);
        await page.getByLabel('全局搜索').fill(PANEL_APPLICANT);
        await page.getByTestId(`search-application-${panelId}`).click();
        await page.waitForURL(new RegExp(`/pipeline\\?open=${panelId}`));
        await page.getByTestId('application-record').waitFor();
      }
    });

    it(`fits every screen of every role's menu at ${at}: no sideways scrolling, no page error, no serious axe-core finding`, async () => {
      const problems: string[] = [];
      const walk = async (role: string, paths: string[], where: string) => {
        for (const path of paths) {
          // Opened as the menu would open it; the screen's own content has loaded once its requests are answered.
          await w.visit(path);
          for (const p of await w.screenProblems()) problems.push(`${role} ${path} at ${where}: ${p}`);
        }
      };
      for (const [role, screens] of Object.entries(DAY) as Array<[Role, string[]]>) {
        await w.resize(size);
        await w.signIn(role);
        if (size === DESKTOP) {
          await walk(role, screens, at);
          continue;
        }
        await walk(role, ON_PHONES.includes(role) ? screens : EVERYONE_ON_PHONES, at);
        // The menu opens as a drawer from the header button, and covers nothing once closed.
        await page.getByTestId('menu-button').click();
        await page.getByTestId('menu').getByRole('link').first().waitFor();
        // This browser asks for less motion (WCAG 2.3.3): the drawer is there at once, it does not slide in.
        expect(await page.evaluate<number>(`document.getAnimations().filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity)).length`)).toBe(0);
        for (const p of await w.screenProblems({ sideways: false })) problems.push(`${role} menu drawer at ${at}: ${p}`);
        await page.keyboard.press('Escape');
        await page.getByTestId('menu').waitFor({ state: 'hidden' });
        if (!ON_PHONES.includes(role)) {
          await w.resize(TABLET);
          await walk(role, screens.filter((s) => !EVERYONE_ON_PHONES.includes(s)), `${TABLET.width}px`);
        }
      }
      expect(problems).toEqual([]);
    }, 900_000);
  }
});
