import {
  annualCallStatusQuery,
  annualEvaluationStatusQuery,
  decideEvaluationUpdate,
  decideRectificationUpdate,
  decideRevocationUpdate,
  fileRectificationUpdate,
  platformStatusQuery,
  reportSubmittedSignal,
  submitEvaluationScoresUpdate,
  submitEvaluationUpdate,
  TaskQueues,
  WorkflowIds,
} from '@sme/contracts';
import { eventually, FakeServices, recordHistory, shanghai, skipTo, workersDownUntil, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { annualEvaluationWorkflow } from './annual-evaluation.workflow';
import { platformWorkflow } from './platform.workflow';
import { scheduledAnnualCallWorkflow } from './scheduled.workflow';

describe(annualEvaluationWorkflow.name, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  const startPlatform = (code: string, awardedOn: string, listYear: number) =>
    env.client.workflow.start(platformWorkflow, {
      taskQueue: TaskQueues.lifecycle,
      workflowId: WorkflowIds.platform(code),
      args: [{ creditCode: code, institutionName: `平台${code.slice(-4)}`, awardedOn, listYear, policyVersion: 'xiamen-2021-114' }],
    });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    return String((err as { cause?: { type?: string } })?.cause?.type ?? err);
  };

  it('computes, staff review and send, the bureau returns then approves; 整改 opens a rectification, 不合格 a proposal, 优秀 is recorded', async () => {
    const svc = new FakeServices(env);
    const [P, Q, R] = ['91350200MA8DEM018T', '91350200MA8DEM026M', '91350200MA2Y0AB171'];
    svc.platformsDue = [P, Q, R].map((creditCode) => ({ creditCode, institutionName: creditCode, listYear: 2026 }));
    svc.evaluationResults = { [P]: { total: '68.50', outcome: 'rectify' }, [Q]: { total: '40.00', outcome: 'fail' }, [R]: { total: '92.00', outcome: 'excellent' } };
    await skipTo(env, shanghai('2026-12-15', 10));
    await svc.run(bundle, async () => {
      const platforms = await Promise.all([P, Q, R].map((c) => startPlatform(c, '2026-12-15', 2026)));
      await skipTo(env, shanghai('2028-01-10', 9));
      const ev = await env.client.workflow.start(annualEvaluationWorkflow, { taskQueue: TaskQueues.lifecycle, workflowId: WorkflowIds.annualEvaluation(2027), args: [{ year: 2027, scoringDays: 20 }] });
      // Started by its Schedule on 10 January, it waits for the reports on 2027, due by the end of February (第十五条).
      expect(await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'awaiting_reports', 'awaiting reports')).toMatchObject({ deadline: '2028-02-29T16:00:00.000Z', actor: null });
      expect(svc.collected).toEqual([]);
      await skipTo(env, shanghai('2028-02-20', 9));
      for (const h of platforms) await h.signal(reportSubmittedSignal, { reportYear: 2027, submittedOn: '2028-02-20' });
      await skipTo(env, shanghai('2028-03-01', 9));
      const reviewing = await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'reviewing', 'reviewing');
      expect(reviewing).toMatchObject({ platforms: [P, Q, R], indicatorsCollected: 3, actor: 'center_staff', indicatorSet: 'xiamen-2021-114/annex-3-provisional', provisional: true });
      expect([...svc.collected].sort()).toEqual([P, Q, R].sort()); // gathered side by side
      await eventually(async () => svc.sent('evaluation-2027:review-1'), (x) => x.length === 1, 'staff asked to review');
      // Nobody types a result any more, and the bureau has nothing to decide before staff send it.
      expect(await refusal(ev.executeUpdate(submitEvaluationScoresUpdate, { args: [{ results: { [P]: { outcome: 'pass', score: '90' } }, by: 'staff-1' }] }))).toBe('computed-evaluation');
      expect(await refusal(ev.executeUpdate(decideEvaluationUpdate, { args: [{ decision: 'approve', reason: '', by: 'bureau-1' }] }))).toBe('not-in-approval');

      await skipTo(env, shanghai('2028-03-22', 9)); // the 20 review days pass: staff are reminded, once
      await eventually(async () => svc.sent('evaluation-2027:review-overdue'), (x) => x.length === 1, 'overdue reminder');
      await ev.executeUpdate(submitEvaluationUpdate, { args: [{ by: 'staff-1' }] });
      await eventually(async () => svc.sent('evaluation-2027:approval-1'), (x) => x.length === 1, 'the bureau asked');
      expect(await refusal(ev.executeUpdate(decideEvaluationUpdate, { args: [{ decision: 'return', reason: ' ', by: 'bureau-1' }] }))).toBe('reason-required');
      await ev.executeUpdate(decideEvaluationUpdate, { args: [{ decision: 'return', reason: '请复核乙平台的年报逾期情况', by: 'bureau-1' }] });
      const back = await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'reviewing' && s.approval!.returns.length === 1, 'back with staff');
      expect(back.actor).toBe('center_staff');
      await eventually(async () => svc.sent('evaluation-2027:review-2'), (x) => x[0]?.body.zh.includes('请复核乙平台') ?? false, 'staff told why');
      expect(svc.sent('evaluation-2027:review-overdue')).toHaveLength(1); // the period is not counted again
      await ev.executeUpdate(submitEvaluationUpdate, { args: [{ by: 'staff-1' }] });
      await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'approval', 'with the bureau again');
      await ev.executeUpdate(decideEvaluationUpdate, { args: [{ decision: 'approve', reason: '', by: 'bureau-1' }] });
      const done = await eventually(() => ev.query(annualEvaluationStatusQuery), (x) => x.stage === 'done', 'published');
      expect(done).toMatchObject({ stage: 'done', approval: { approvedBy: 'bureau-1' }, results: { [P]: { outcome: 'rectify', score: '68.50' }, [R]: { outcome: 'excellent' } } });
      expect(svc.evaluationStages).toEqual(['2027:reviewing', '2027:approval', '2027:reviewing', '2027:approval', '2027:approved', '2027:published']);

      // 整改: a rectification with its deadline (90 days, policy data), reminded before it, closed by staff.
      const p = await eventually(() => platforms[0]!.query(platformStatusQuery), (s) => s.stage === 'rectifying', 'P rectifying');
      expect(p.rectification).toMatchObject({ year: 2027, openedOn: '2028-03-22', deadline: '2028-06-20', state: 'open' });
      expect(p.evaluations['2027']).toBe('rectify');
      await eventually(async () => svc.sent(`platform-${P}:rectification-2027:opened`), (x) => x.length === 1, 'P told');
      await skipTo(env, shanghai('2028-05-22', 9));
      await eventually(async () => svc.sent(`platform-${P}:rectification-2027:reminder`), (x) => x.length === 1, 'a reminder 30 days before');
      expect(await refusal(platforms[0]!.executeUpdate(decideRectificationUpdate, { args: [{ decision: 'close', reason: '已整改', by: 'staff-1' }] }))).toBe('no-rectification-to-decide');
      await platforms[0]!.executeUpdate(fileRectificationUpdate, { args: [{ text: '补充服务人员3名，建立回访制度。', by: 'p-user' }] });
      await eventually(async () => svc.sent(`platform-${P}:rectification-2027:filed`), (x) => x[0]?.recipient === 'role:staff', 'staff told');
      const closed = await platforms[0]!.executeUpdate(decideRectificationUpdate, { args: [{ decision: 'close', reason: '经复核，整改措施已落实', by: 'staff-1' }] });
      expect(closed.rectification).toMatchObject({ state: 'closed', decision: { decision: 'close', by: 'staff-1' } });
      expect(closed.stage).not.toBe('rectifying');
      await skipTo(env, shanghai('2028-06-14', 10)); // no reminder for a closed case
      expect(svc.sent(`platform-${P}:rectification-2027:reminder`)).toHaveLength(1);

      // 不合格: a proposal; the title stands until the bureau decides (第十七条, 第十九条).
      expect(await eventually(() => platforms[1]!.query(platformStatusQuery), (s) => s.stage === 'revocation_proposed', 'Q proposed')).toMatchObject({
        revocation: null,
        revocationProposal: { source: 'evaluation', article: '第十九条' },
      });
      // 优秀: recorded, the default candidate for recommendation upward (第十六条).
      expect((await platforms[2]!.query(platformStatusQuery)).evaluations['2027']).toBe('excellent');
      await recordHistory('evaluation-v2-2027', ev);
      await recordHistory('platform-v2-rectified', platforms[0]!);
      for (const h of platforms) await h.terminate('end of test');
    });
  }, 180_000);

  it('a rectification opened by an evaluation started late runs across 1 January and an outage: one overdue notice, then the bureau decides the escalation', async () => {
    const svc = new FakeServices(env);
    const S = '91350200MA8DEM034G';
    svc.platformsDue = [{ creditCode: S, institutionName: S, listYear: 2027 }];
    svc.evaluationResults = { [S]: { total: '61.00', outcome: 'rectify' } };
    const h = await svc.run(bundle, async () => {
      const platform = await startPlatform(S, '2028-05-06', 2027);
      await skipTo(env, shanghai('2029-02-01', 9));
      await platform.signal(reportSubmittedSignal, { reportYear: 2028, submittedOn: '2029-02-01' });
      // The evaluation of 2028 starts in December 2029, eleven months late: it computes at once all the same.
      await skipTo(env, shanghai('2029-12-10', 9));
      // A worker without a cache (below) sometimes loses a workflow task that a status query reached first; the server
      // times it out and hands it out again, after 10 s by default (measured: 10 to 20 s of a 5 s test).
      const ev = await env.client.workflow.start(annualEvaluationWorkflow, { taskQueue: TaskQueues.lifecycle, workflowId: WorkflowIds.annualEvaluation(2028), args: [{ year: 2028, scoringDays: 30 }], workflowTaskTimeout: '2s' });
      await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'reviewing', 'reviewing');
      await ev.executeUpdate(submitEvaluationUpdate, { args: [{ by: 'staff-1' }] });
      await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'approval', 'approval');
      await ev.executeUpdate(decideEvaluationUpdate, { args: [{ decision: 'approve', reason: '', by: 'bureau-1' }] });
      await eventually(() => ev.query(annualEvaluationStatusQuery), (x) => x.stage === 'done', 'published');
      const s = await eventually(() => platform.query(platformStatusQuery), (x) => x.rectification?.state === 'open', 'rectification open');
      expect(s.rectification).toMatchObject({ openedOn: '2029-12-10', deadline: '2030-03-10' });
      // Its report on 2029 is filed on time during the outage below (the signal waits for the workers).
      await platform.signal(reportSubmittedSignal, { reportYear: 2029, submittedOn: '2030-01-20' });
      return platform;
    }, { cache: false });
    // Every worker is away from the day after until two days past the deadline: 1 January (a continue-as-new), both
    // reminders and the deadline pass unseen.
    await workersDownUntil(env, shanghai('2030-03-12', 10));
    await svc.run(bundle, async () => {
      const after = await eventually(() => h.query(platformStatusQuery), (x) => x.rectification?.state === 'overdue', 'overdue once the workers are back');
      expect(after).toMatchObject({ year: 2030, stage: 'rectifying', actor: 'center_staff', waitingFor: 'rectification_decision' });
      await eventually(async () => svc.sent(`platform-${S}:rectification-2028:overdue`), (x) => x.length === 2, 'the overdue pair');
      expect(svc.sent(`platform-${S}:rectification-2028:reminder`)).toEqual([]); // no backlog of reminders
      const escalated = await h.executeUpdate(decideRectificationUpdate, { args: [{ decision: 'escalate', reason: '逾期未报送整改报告', by: 'staff-1' }] });
      expect(escalated).toMatchObject({ stage: 'revocation_proposed', revocationProposal: { source: 'rectification', article: '第十九条', by: 'staff-1' } });
      // Decided the moment the request reaches the bureau, while the workflow is still sending it.
      await h.executeUpdate(decideRevocationUpdate, { args: [{ decision: 'accept', reason: '考核整改未通过', by: 'bureau-1' }] });
      // The run of 2030 (after the continue-as-new) ends with the title revoked.
      expect(await env.client.workflow.getHandle(WorkflowIds.platform(S)).result()).toMatchObject({ stage: 'revoked', revocation: { article: '第十九条', by: 'bureau-1' } });
    });
  }, 300_000);

  it('the scheduled starter opens the year\'s call as call-<year>, with the settings staff prepared', async () => {
    const svc = new FakeServices(env);
    await svc.run(bundle, async () => {
      const id = await env.client.workflow.execute(scheduledAnnualCallWorkflow, { taskQueue: TaskQueues.lifecycle, workflowId: 'scheduled-call-test' });
      const year = new Date(await env.currentTimeMs() + 8 * 3600_000).getUTCFullYear();
      expect(id).toBe(WorkflowIds.annualCall(year));
      const call = env.client.workflow.getHandle(id);
      expect(await call.query(annualCallStatusQuery)).toMatchObject({ year, quota: 10, closesOn: `${year}-04-30`, policyVersion: 'xiamen-2021-114' });
      await call.terminate('end of test');
    });
  });
});
