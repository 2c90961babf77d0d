import { annualCallStatusQuery, annualEvaluationStatusQuery, applicationOutcomeSignal, type OperationsOverview, SearchAttributeKeys, TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { AnnualReportEntity, APPLICATIONS_ENTITIES, dataSourceOptions, PlatformEntity } from '@sme/persistence';
import { makeCreditCode } from '@sme/policy';
import { infraEnv, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { WebUnderTest } from './browser';
import { type SystemUnderTest, tokenFor } from './harness';

/** This file's own call year: call-2015, evaluation-2015 and the 2015 applications are ours alone in the namespace. */
const YEAR = 2015;
const run = Date.now() % 1e7;
const code = (n: number) => makeCreditCode('91350200', String(run * 10 + n).padStart(8, '0').slice(-8));
/** Three platforms listed in 2014 (owe the 2015 and 2016 reports), one listed in 2015 (owes 2016 only). */
const [A, B, C, D] = [code(1), code(2), code(3), code(4)];
/** Application workflows of 2015: no policy was in force then, so their first workflow task fails again and again. */
const STUCK = [`application-ops-${run}-1`, `application-ops-${run}-2`];
const CALL = WorkflowIds.annualCall(YEAR);
const EVALUATION = WorkflowIds.annualEvaluation(YEAR);
const OPERATOR = tokenFor('operator');

/**
 * The operations screen against the whole system: the workflows this test starts for call year 2015 appear by
 * type, stage and year; the stuck ones show their failing workflow task; the Schedules and the evaluation's
 * scoring deadline show as timers; the pipeline and the on-time report rates (reports filed on time, late and
 * not at all, Art. 15) come out in the API and in the charts' tables, in Chinese and English. Screenshots ops-*.png.
 */
describe('web: the operations screen', () => {
  let w: WebUnderTest;
  let sut: SystemUnderTest;
  let base: string;
  let page: Page;
  let connection: Connection;
  let temporal: TemporalClient;
  let db: DataSource;
  const ours = [CALL, EVALUATION, ...STUCK];
  let pipelineTotal = 0;
  const pageErrors: string[] = [];
  const terminate = (id: string) => temporal.workflow.getHandle(id).terminate('web-operations test clean-up').catch(() => undefined);
  const shot = (name: string) => w.shot(name);
  const signIn = (username: string) => w.signIn(username);
  const overview = () => sut.http<OperationsOverview>('GET', `${sut.applicationsUrl}/api/operations/overview?year=${YEAR}`, undefined, OPERATOR);

  beforeAll(async () => {
    w = await WebUnderTest.start('it_web_operations', { shotPrefix: 'ops-', viewport: { width: 1280, height: 900 } });
    ({ sut, base, page } = w);
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    // 2015 is this file's year: whatever an earlier, interrupted run left running goes first.
    for await (const wf of temporal.workflow.list({ query: `ExecutionStatus = 'Running' AND CallYear = ${YEAR}` })) await terminate(wf.workflowId);
    for (const id of ours) await terminate(id);

    // The registry and the filed reports (this file's own database).
    db = await new DataSource(dataSourceOptions(sut.env['DATABASE_URL']!, APPLICATIONS_ENTITIES)).initialize();
    const platform = (creditCode: string, listYear: number, awardedOn: string, validThrough: string) =>
      ({ creditCode, institutionName: `厦门市运行监控测试平台${creditCode.slice(-4)}`, listYear, awardedOn, validThrough, policyVersion: 'xiamen-2021-114', functions: ['information'] });
    await db.getRepository(PlatformEntity).insert([
      platform(A, 2014, '2014-06-30', '2017-06-30'),
      platform(B, 2014, '2014-06-30', '2017-06-30'),
      platform(C, 2014, '2014-06-30', '2017-06-30'),
      platform(D, 2015, '2015-05-01', '2018-05-01'),
    ]);
    const report = (creditCode: string, reportYear: number, submittedOn: string) => ({ creditCode, reportYear, submittedOn, content: { summary: 'test' }, submittedBy: 'test-applicant' });
    await db.getRepository(AnnualReportEntity).insert([
      report(A, 2015, '2016-02-20'), // on time (due Mon 2016-02-29)
      report(B, 2015, '2016-03-10'), // late; C never files 2015: missing
      report(A, 2016, '2017-01-15'), // on time (due Tue 2017-02-28)
      report(C, 2016, '2017-03-02'), // late; B never files 2016: missing
      report(D, 2016, '2017-02-27'), // on time
    ]);

    // call-2015 with one scored candidate: it ranks at once (its dates are past).
    await temporal.workflow.signalWithStart(WorkflowTypes.annualCall, {
      workflowId: CALL,
      taskQueue: TaskQueues.lifecycle,
      args: [{ year: YEAR, quota: 3, opensOn: `${YEAR}-03-01`, closesOn: `${YEAR}-04-30`, policyVersion: 'xiamen-2021-114' }],
      signal: applicationOutcomeSignal,
      signalArgs: [{ applicationId: '00000000-0000-4000-8000-0000000000c1', creditCode: A, institutionName: '厦门市运行监控候选', callYear: YEAR, result: 'scored', score: '88.00', dispersed: false, submittedAt: `${YEAR}-04-01T02:00:00.000Z` }],
    });
    // evaluation-2015: lists A, B, C (listed before 2015), computes their indicators, then waits for staff's review.
    await temporal.workflow.start(WorkflowTypes.annualEvaluation, { workflowId: EVALUATION, taskQueue: TaskQueues.lifecycle, args: [{ year: YEAR, scoringDays: 30 }] });
    for (const [i, id] of STUCK.entries()) {
      await temporal.workflow.start(WorkflowTypes.application, {
        workflowId: id,
        taskQueue: TaskQueues.lifecycle,
        args: [{ applicationId: `ops-${run}-${i + 1}`, creditCode: B, institutionName: '厦门市运行监控测试', callYear: YEAR }],
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SearchAttributeKeys.Stage, value: 'submitted' },
          { key: SearchAttributeKeys.CallYear, value: YEAR },
          { key: SearchAttributeKeys.CreditCode, value: B },
        ]),
      });
    }
    await waitFor('the call ranks', async () => ((await temporal.workflow.getHandle(CALL).query(annualCallStatusQuery)).stage === 'ranking' ? true : undefined), 30_000, 200);
    await waitFor('the evaluation waits for the review', async () => ((await temporal.workflow.getHandle(EVALUATION).query(annualEvaluationStatusQuery)).stage === 'reviewing' ? true : undefined), 30_000, 200);
    // Visibility is eventually consistent: wait until the overview sees every workflow of ours in its stage, and the stuck tasks retried.
    await waitFor('the overview sees our workflows', async () => {
      const o = (await overview()).body;
      const stages = Object.fromEntries(o.running.workflows.map((w) => [w.workflowId, w.stage]));
      const ready = stages[CALL] === 'call_ranking' && stages[EVALUATION] === 'evaluation_reviewing' && STUCK.every((id) => stages[id] === 'submitted')
        && STUCK.every((id) => o.stuckWorkflowTasks.some((s) => s.workflowId === id));
      return ready ? true : undefined;
    }, 60_000, 500);

    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
  }, 240_000);

  afterAll(async () => {
    if (temporal) for (const id of ours) await terminate(id);
    await connection?.close();
    await db?.destroy();
    await w?.stop();
  });

  it('answers the operator with the running workflows by stage and year, stuck tasks, timers, the pipeline and report rates', async () => {
    const res = await overview();
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o).toMatchObject({ year: YEAR, namespace: 'sme-test', temporalUi: { url: 'http://127.0.0.1:8233', workflowsUrl: 'http://127.0.0.1:8233/namespaces/sme-test/workflows' } });
    expect(o.running.workflows.map((w) => w.workflowId).sort()).toEqual([...ours].sort());
    expect(o.running.workflows.find((w) => w.workflowId === CALL)).toMatchObject({ type: WorkflowTypes.annualCall, stage: 'call_ranking', callYear: YEAR });
    expect(o.running.groups).toEqual(expect.arrayContaining([
      { type: WorkflowTypes.application, stage: 'submitted', callYear: YEAR, count: 2 },
      { type: WorkflowTypes.annualCall, stage: 'call_ranking', callYear: YEAR, count: 1 },
      { type: WorkflowTypes.annualEvaluation, stage: 'evaluation_reviewing', callYear: YEAR, count: 1 },
    ]));
    expect(o.running.total).toBeGreaterThanOrEqual(4);
    expect(o.running.byType.find((b) => b.type === WorkflowTypes.application)?.count).toBeGreaterThanOrEqual(2);
    // The stuck application workflows: their workflow task fails (no policy for 2015) and is retried.
    for (const id of STUCK) expect(o.stuckWorkflowTasks.find((s) => s.workflowId === id)?.attempt).toBeGreaterThanOrEqual(2);
    // Timers: the yearly Schedules' next starts (1 March and 10 January, 09:00 Asia/Shanghai) and the evaluation's review deadline.
    const timer = (id: string) => o.timers.find((x) => x.id === id);
    expect(timer('annual-call')).toMatchObject({ source: 'schedule', at: expect.stringMatching(/-03-01T01:00:00\.000Z$/) });
    expect(timer('annual-evaluation')).toMatchObject({ source: 'schedule', at: expect.stringMatching(/-01-10T01:00:00\.000Z$/) });
    expect(timer(EVALUATION)).toMatchObject({ source: 'deadline', what: 'scoring_deadline' });
    expect(o.timers.map((x) => x.at)).toEqual([...o.timers.map((x) => x.at)].sort());
    // The pipeline: 2011-2015, our two running applications in 2015 (earlier runs' show as terminated).
    expect(o.pipeline.map((p) => p.callYear)).toEqual([2011, 2012, 2013, 2014, 2015]);
    const y2015 = o.pipeline.at(-1)!;
    expect(y2015.stages['submitted']).toBe(2);
    expect(Object.keys(y2015.stages).filter((k) => k !== 'terminated')).toEqual(['submitted']);
    expect(y2015.total).toBe(2 + (y2015.stages['terminated'] ?? 0));
    pipelineTotal = y2015.total;
    // Report rates from this file's registry and reports.
    expect(o.reportRates).toEqual([
      { reportYear: 2015, due: '2016-02-29', obliged: 3, onTime: 1, late: 1, missing: 1, notYetDue: 0, onTimeRate: 33.3 },
      { reportYear: 2016, due: '2017-02-28', obliged: 4, onTime: 2, late: 1, missing: 1, notYetDue: 0, onTimeRate: 50 },
      // D's title runs to 2018-05-01: it owed the 2017 report too (due Wed 2018-02-28) and never filed it.
      { reportYear: 2017, due: '2018-02-28', obliged: 1, onTime: 0, late: 0, missing: 1, notYetDue: 0, onTimeRate: 0 },
    ]);
    // Nobody else but the bureau; bad years are 400 problems.
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/operations/overview`, undefined, tokenFor('staff'))).status).toBe(403);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/operations/overview`)).status).toBe(401);
    expect((await sut.http('GET', `${sut.applicationsUrl}/api/operations/overview?year=1999`, undefined, OPERATOR)).status).toBe(400);
  });

  it('shows the operator its own menu and the overview, in Chinese and English', async () => {
    await signIn('operator');
    const menu = await page.getByTestId('menu').innerText();
    expect(menu).toContain('运行监控');
    for (const other of ['申报看板', '我的申报', '年度认定', '公示与异议']) expect(menu).not.toContain(other);
    // The operator lands on the workbench: the failing work, each row opening the operations screen.
    await page.waitForURL(/\/workbench$/);
    // The server flags a workflow after consecutive workflow-task failures (TemporalReportedProblems); the operator
    // refreshes until the failing work shows.
    await waitFor('the stuck workflows on the operator\'s workbench', async () => {
      if ((await Promise.all(STUCK.map((id) => page.getByTestId(`work-row-${id}`).count()))).every((n) => n > 0)) return true;
      await page.getByTestId('workbench-refresh').click();
      return undefined;
    }, 120_000, 1000);
    expect(await page.getByTestId('work-failing').innerText()).toContain('运维人员查看失败原因并处理');
    await shot('00-operator-workbench');
    await page.getByTestId(`work-row-${STUCK[0]}`).getByRole('link').click();
    await page.waitForURL(new RegExp(`/operations\\?year=${YEAR}$`));
    const year = page.locator('input[data-testid="ops-year"], [data-testid="ops-year"] input').first();
    await year.fill(String(YEAR));
    await year.press('Enter');
    await page.getByTestId(`wf-${CALL}`).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId(`wf-${CALL}`).getByTestId('wf-stage').innerText()).toBe('候选排名（待服务中心提交）');
    expect(await page.getByTestId(`wf-${STUCK[0]}`).getByTestId('wf-stage').innerText()).toBe('已提交');
    expect(await page.getByTestId('running-of-year').innerText()).toBe('4');
    expect(await page.getByTestId(`group-${WorkflowTypes.application}-submitted`).getByTestId('group-count').innerText()).toBe('2');
    for (const id of STUCK) await page.getByTestId(`stuck-${id}`).waitFor();
    expect(await page.getByTestId('stuck-tasks').innerText()).toContain('反复失败的流程任务');
    expect(await page.getByTestId('timer-annual-call-annual-call').innerText()).toContain('启动年度申报');
    expect(await page.getByTestId(`timer-${EVALUATION}-scoring_deadline`).innerText()).toContain('考核结果审核期限');
    expect(await page.getByTestId('temporal-ui-link').getAttribute('href')).toBe('http://127.0.0.1:8233/namespaces/sme-test/workflows');
    // The charts draw (recharts' svg with bars) and their tables carry the numbers.
    for (const chart of ['pipeline-chart', 'report-rates-chart']) {
      expect(await page.getByTestId(chart).locator('svg.recharts-surface').count()).toBeGreaterThan(0);
      expect(await page.getByTestId(chart).locator('.recharts-bar-rectangle path, .recharts-rectangle').count()).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('pipeline-2015').getByTestId('pipeline-total').innerText()).toBe(String(pipelineTotal));
    expect(await page.getByTestId('pipeline-2015').getByTestId('pipeline-cell-submitted').innerText()).toBe('2');
    expect(await page.getByTestId('pipeline-chart').locator('.recharts-legend-item-text').allInnerTexts()).toContain('已提交');
    const rate = (y: number, id: string) => page.getByTestId(`report-rate-${y}`).getByTestId(id).innerText();
    expect([await rate(2015, 'obliged'), await rate(2015, 'on-time'), await rate(2015, 'late'), await rate(2015, 'missing'), await rate(2015, 'on-time-rate')]).toEqual(['3', '1', '1', '1', '33.3%']);
    expect([await rate(2016, 'obliged'), await rate(2016, 'on-time'), await rate(2016, 'late'), await rate(2016, 'missing'), await rate(2016, 'on-time-rate')]).toEqual(['4', '2', '1', '1', '50%']);
    await shot('01-operator-zh');

    await page.getByTestId('lang-toggle').click();
    await page.getByText('On-time annual report rates (Art. 15)').waitFor();
    expect(await page.getByTestId(`wf-${CALL}`).getByTestId('wf-stage').innerText()).toBe('Ranking (staff submit the list)');
    expect(await page.getByTestId('stuck-tasks').innerText()).toContain('Workflow tasks failing again and again');
    expect(await page.getByTestId('report-rates-chart').locator('.recharts-legend-item-text').allInnerTexts()).toEqual(expect.arrayContaining(['On time', 'Late', 'Missing', 'Not yet due']));
    expect(await page.getByTestId('menu').innerText()).toContain('Operations');
    expect(pageErrors).toEqual([]);
    await shot('02-operator-en');
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('sign-out').click();
  });

  it('gives the bureau the charts only, and staff no operations screen', async () => {
    await signIn('bureau');
    await page.getByRole('link', { name: '运行监控' }).click();
    const year = page.locator('input[data-testid="ops-year"], [data-testid="ops-year"] input').first();
    await year.fill(String(YEAR));
    await year.press('Enter');
    await page.getByTestId('report-rate-2016').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('running-table').count()).toBe(0);
    expect(await page.getByTestId('temporal-ui-link').count()).toBe(0);
    await shot('03-bureau-charts');
    await page.getByTestId('sign-out').click();
    await signIn('staff');
    expect(await page.getByTestId('menu').innerText()).not.toContain('运行监控');
    await page.goto(`${base}/operations`);
    await page.getByTestId('sign-in-submit').waitFor(); // not a staff screen: sent to sign in
    await shot('04-staff-refused');
  });
});
