import {
  annualEvaluationStatusQuery,
  decideEvaluationUpdate,
  decideRectificationUpdate,
  fileRectificationUpdate,
  platformStatusQuery,
  reportSubmittedSignal,
  submitEvaluationUpdate,
  TaskQueues,
  titleAwardedSignal,
  WorkflowIds,
} from '@sme/contracts';
import { eventually, FakeServices, shanghai, skipTo, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { annualEvaluationWorkflow } from './annual-evaluation.workflow';
import { platformWorkflow } from './platform.workflow';

/**
 * One platform through three years of reports and evaluations on the time-skipping server (第十五条, 第十九条): each
 * year's evaluation starts on 10 January, waits for the reports due at the end of February, is reviewed, approved and
 * told to the platform, which continues as new every 1 January; a 整改 year opens a rectification the platform files
 * and staff close; the title is renewed in its expiry year (第十七条), so the third year is evaluated too.
 */
describe('a platform through three years of reports and evaluations', () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  it('files, is evaluated pass, rectify (filed and closed) and excellent, renewed on the way', async () => {
    const svc = new FakeServices(env);
    const T = '91350200MA8DEM042B';
    svc.platformsDue = [{ creditCode: T, institutionName: T, listYear: 2027 }];
    const outcomes = { 2028: { total: '80.00', outcome: 'pass' }, 2029: { total: '66.00', outcome: 'rectify' }, 2030: { total: '93.50', outcome: 'excellent' } } as const;
    await skipTo(env, shanghai('2027-06-30', 10));
    await svc.run(bundle, async () => {
      const p = await env.client.workflow.start(platformWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.platform(T),
        args: [{ creditCode: T, institutionName: '三年考核平台', awardedOn: '2027-06-30', listYear: 2027, policyVersion: 'xiamen-2021-114' }],
      });
      const platform = () => env.client.workflow.getHandle(WorkflowIds.platform(T)); // the run of the year
      for (const year of [2028, 2029, 2030] as const) {
        svc.evaluationResults = { [T]: outcomes[year] };
        await skipTo(env, shanghai(`${year + 1}-01-10`, 9));
        const ev = await env.client.workflow.start(annualEvaluationWorkflow, { taskQueue: TaskQueues.lifecycle, workflowId: WorkflowIds.annualEvaluation(year), args: [{ year, scoringDays: 30 }] });
        await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'awaiting_reports', `${year}: awaiting reports`);
        // The report on the year, on time; the run of the new year (after 1 January) takes it.
        await skipTo(env, shanghai(`${year + 1}-02-20`, 10));
        expect((await platform().query(platformStatusQuery)).year).toBe(year + 1);
        await platform().signal(reportSubmittedSignal, { reportYear: year, submittedOn: `${year + 1}-02-20` });
        await eventually(() => platform().query(platformStatusQuery), (s) => s.reports[String(year)]?.late === false, `${year}: report on time`);
        await skipTo(env, shanghai(`${year + 1}-03-02`, 9));
        await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'reviewing', `${year}: reviewing`);
        await ev.executeUpdate(submitEvaluationUpdate, { args: [{ by: 'staff-1' }] });
        await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'approval', `${year}: approval`);
        await ev.executeUpdate(decideEvaluationUpdate, { args: [{ decision: 'approve', reason: '', by: 'bureau-1' }] });
        // Read by query, not by waiting for the result: a result awaited on the time-skipping server lets its clock run on.
        expect(await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'done', `${year}: done`)).toMatchObject({ results: { [T]: { outcome: outcomes[year].outcome } } });
        const told = await eventually(() => platform().query(platformStatusQuery), (s) => s.evaluations[String(year)] === outcomes[year].outcome, `${year}: told`);
        if (year === 2029) {
          expect(told).toMatchObject({ stage: 'rectifying', rectification: { year: 2029, state: 'open' } });
          await skipTo(env, shanghai('2030-04-15', 10));
          await platform().executeUpdate(fileRectificationUpdate, { args: [{ text: '已补充服务人员，完善回访制度。', by: 'p-user' }] });
          const closed = await platform().executeUpdate(decideRectificationUpdate, { args: [{ decision: 'close', reason: '整改到位', by: 'staff-1' }] });
          expect(closed.rectification!.state).toBe('closed');
          // The expiry year's call renews the title (第十七条): the third year is evaluated under the new one.
          await skipTo(env, shanghai('2030-06-20', 10));
          await platform().signal(titleAwardedSignal, { callYear: 2030, awardedOn: '2030-06-20', listYear: 2030 });
          await eventually(() => platform().query(platformStatusQuery), (s) => s.validThrough === '2033-06-20', 'renewed');
        }
      }
      const end = await platform().query(platformStatusQuery);
      expect(end).toMatchObject({
        stage: 'active',
        year: 2031,
        evaluations: { 2028: 'pass', 2029: 'rectify', 2030: 'excellent' },
        reports: { 2028: { late: false }, 2029: { late: false }, 2030: { late: false } },
        rectifications: [{ year: 2029, state: 'closed' }],
        revocationProposal: null,
      });
      // Reminders before each report's deadline, never an overdue notice; one rectification notice set, no backlog.
      expect(svc.sent(`platform-${T}:report-`).filter((n) => n.kind === 'report.overdue')).toEqual([]);
      expect(svc.sent(`platform-${T}:rectification-2029`).map((n) => n.kind)).toEqual(['rectification.opened', 'rectification.filed', 'rectification.closed']);
      expect(svc.evaluationStages.filter((s) => s.endsWith(':published'))).toEqual(['2028:published', '2029:published', '2030:published']);
      await p.terminate('end of test').catch(() => platform().terminate('end of test'));
    });
  }, 300_000);
});

