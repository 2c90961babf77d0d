import { annualCallStatusQuery, annualEvaluationStatusQuery, decideRevocationUpdate, platformStatusQuery, submitEvaluationScoresUpdate, TaskQueues, WorkflowIds } from '@sme/contracts';
import { eventually, FakeServices, recordHistory, shanghai, skipTo, workflowTestEnv } from '@sme/testing';
import type { WorkflowHandle } from '@temporalio/client';
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

  it('evaluates the platforms due, reminds staff when scores are late, and sends each platform its outcome', async () => {
    const svc = new FakeServices(env);
    const [P, Q] = ['91350200MA8DEM018T', '91350200MA8DEM026M'];
    svc.platformsDue = [
      { creditCode: P, institutionName: '甲', listYear: 2026 },
      { creditCode: Q, institutionName: '乙', listYear: 2026 },
    ];
    await skipTo(env, shanghai('2026-12-15', 10));
    await svc.run(bundle, async () => {
      const platforms: Array<WorkflowHandle<typeof platformWorkflow>> = [];
      for (const code of [P, Q]) {
        platforms.push(
          await env.client.workflow.start(platformWorkflow, {
            taskQueue: TaskQueues.lifecycle,
            workflowId: WorkflowIds.platform(code),
            args: [{ creditCode: code, institutionName: code, awardedOn: '2026-12-15', listYear: 2026, policyVersion: 'xiamen-2021-114' }],
          }),
        );
      }
      await skipTo(env, shanghai('2028-01-05', 9));
      const ev = await env.client.workflow.start(annualEvaluationWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.annualEvaluation(2027),
        args: [{ year: 2027, scoringDays: 20 }],
      });
      const scoring = await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'scoring', 'scoring');
      expect(scoring).toMatchObject({ platforms: [P, Q], indicatorsCollected: 2, actor: 'center_staff' });
      await ev.executeUpdate(submitEvaluationScoresUpdate, { args: [{ results: { [P]: { outcome: 'rectify', score: '68.50' } }, by: 'staff-1' }] });
      await expect(ev.executeUpdate(submitEvaluationScoresUpdate, { args: [{ results: { '91350200MA2Y0AB171': { outcome: 'pass', score: '90' } }, by: 'staff-1' } ] })).rejects.toThrow();
      await skipTo(env, shanghai('2028-01-26', 9)); // the 20 scoring days pass: staff are reminded
      await eventually(async () => svc.sent('evaluation-2027:scores-overdue'), (x) => x.length === 1, 'overdue reminder');
      await ev.executeUpdate(submitEvaluationScoresUpdate, { args: [{ results: { [Q]: { outcome: 'revoke', score: '40.00' } }, by: 'staff-1' }] });
      await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'done', 'done');
      expect(await eventually(() => platforms[0]!.query(platformStatusQuery), (s) => s.evaluations['2027'] === 'rectify', 'P told')).toMatchObject({ stage: 'report_due' });
      // The evaluation's "revoke" is a proposal (第十九条): the title stands until the bureau accepts it (第十七条).
      expect(await eventually(() => platforms[1]!.query(platformStatusQuery), (s) => s.stage === 'revocation_proposed', 'Q proposed')).toMatchObject({
        revocation: null,
        revocationProposal: { source: 'evaluation', article: '第十九条' },
      });
      await platforms[1]!.executeUpdate(decideRevocationUpdate, { args: [{ decision: 'accept', reason: '考核不合格且拒不整改', by: 'bureau-1' }] });
      expect(await platforms[1]!.result()).toMatchObject({ stage: 'revoked', revocation: { article: '第十九条', by: 'bureau-1' } });
      await recordHistory('evaluation-v1-2027', ev);
      await platforms[0]!.terminate('end of test');
    });
    expect(svc.sent('evaluation-2027:scores-overdue')[0]!.recipient).toBe('role:staff');
  });

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
