import {
  annualEvaluationStatusQuery,
  evaluationExpertScoreUpdate,
  evaluationPanelUpdate,
  evaluationPlatformsQuery,
  submitEvaluationUpdate,
  TaskQueues,
  WorkflowIds,
} from '@sme/contracts';
import { eventually, FakeServices, recordHistory, shanghai, skipTo, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { annualEvaluationWorkflow } from './annual-evaluation.workflow';

/**
 * The experts of the annual evaluation (第十九条, 第九条) as its workflow takes them: their panels and scores are
 * decisions taken only while staff review, each kept by an activity; experts and staff are told in their inboxes.
 * A file of its own: a clock no other test has moved.
 */
describe('annualEvaluationWorkflow: expert panels', () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    return String((err as { cause?: { type?: string } })?.cause?.type ?? err);
  };

  it('takes the experts\' panels and scores only while staff review: experts are told, a recusal reaches staff, a late score is refused', async () => {
    const svc = new FakeServices(env);
    const [P, Q] = ['91350200MA8DEM018T', '91350200MA8DEM026M'];
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    svc.platformsDue = [P, Q].map((creditCode, i) => ({ creditCode, institutionName: ['甲服务中心', '乙服务中心'][i]!, listYear: year - 1 }));
    await svc.run(bundle, async () => {
      await skipTo(env, shanghai(`${year + 1}-02-20`, 9));
      const ev = await env.client.workflow.start(annualEvaluationWorkflow, { taskQueue: TaskQueues.lifecycle, workflowId: WorkflowIds.annualEvaluation(year), args: [{ year, scoringDays: 20 }] });
      const assign = { kind: 'assign' as const, panels: [{ creditCode: P, experts: ['e1', 'e2', 'e3'] }, { creditCode: Q, experts: ['e1', 'e2', 'e4'] }], by: 'staff-1' };
      await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'awaiting_reports', 'awaiting reports');
      // Nothing to score before the reports are in and the results computed.
      expect(await refusal(ev.executeUpdate(evaluationPanelUpdate, { args: [assign] }))).toBe('not-reviewing');
      await skipTo(env, shanghai(`${year + 1}-03-01`, 9));
      await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'reviewing', 'reviewing');
      expect(await ev.query(evaluationPlatformsQuery)).toEqual([{ creditCode: P, institutionName: '甲服务中心' }, { creditCode: Q, institutionName: '乙服务中心' }]);
      expect(await refusal(ev.executeUpdate(evaluationPanelUpdate, { args: [{ ...assign, panels: [{ creditCode: '91350200MA2Y0AB171', experts: ['e1'] }] }] }))).toBe('not-evaluated');
      expect(await refusal(ev.executeUpdate(evaluationPanelUpdate, { args: [{ ...assign, panels: [{ creditCode: P, experts: [] }] }] }))).toBe('bad-panel');
      expect(await ev.executeUpdate(evaluationPanelUpdate, { args: [assign] })).toEqual({ platforms: 2 });
      expect(svc.evaluationPanels).toEqual({ [P]: ['e1', 'e2', 'e3'], [Q]: ['e1', 'e2', 'e4'] });
      // Each expert is told in their own inbox, with how many platforms they score.
      expect(svc.sent(`evaluation-${year}:panel-`).map((n) => n.recipient).sort()).toEqual(['expert:e1', 'expert:e2', 'expert:e3', 'expert:e4']);
      expect(svc.sent(`evaluation-${year}:panel-1:e1`)[0]!.body.zh).toContain('请对 2 个示范平台');
      // One stands aside: staff are told to replace them; the replacement is told in turn.
      await ev.executeUpdate(evaluationPanelUpdate, { args: [{ kind: 'recuse', panels: [{ creditCode: Q, experts: ['e1', 'e2', 'e4'] }], expertId: 'e4', statement: '曾任该平台顾问', by: 'e4-user' }] });
      expect(svc.sent(`evaluation-${year}:panel-2:recused`)[0]).toMatchObject({ recipient: 'role:staff', body: { zh: expect.stringContaining('曾任该平台顾问') } });
      await ev.executeUpdate(evaluationPanelUpdate, { args: [{ kind: 'replace', panels: [{ creditCode: Q, experts: ['e1', 'e2', 'e5'] }], expertId: 'e5', by: 'staff-1' }] });
      expect(svc.sent(`evaluation-${year}:panel-3:`).map((n) => n.recipient)).toEqual(['expert:e5']);
      expect(svc.evaluationPanels[Q]).toEqual(['e1', 'e2', 'e5']);
      expect(await refusal(ev.executeUpdate(evaluationExpertScoreUpdate, { args: [{ creditCode: P, expertId: 'e1', score: '101', by: 'e1-user' }] }))).toBe('bad-score');
      await ev.executeUpdate(evaluationExpertScoreUpdate, { args: [{ creditCode: P, expertId: 'e1', score: '86.5', by: 'e1-user' }] });
      expect(svc.expertScores).toEqual([`${P}:e1:86.5`]);
      await ev.executeUpdate(submitEvaluationUpdate, { args: [{ by: 'staff-1' }] });
      await eventually(() => ev.query(annualEvaluationStatusQuery), (s) => s.stage === 'approval', 'with the bureau');
      // Once the results are with the bureau, no score changes them behind its back.
      expect(await refusal(ev.executeUpdate(evaluationExpertScoreUpdate, { args: [{ creditCode: P, expertId: 'e2', score: '80', by: 'e2-user' }] }))).toBe('not-reviewing');
      expect(svc.expertScores).toHaveLength(1);
      await recordHistory('evaluation-v2-panels', ev);
      await ev.terminate('end of test');
    });
  }, 120_000);
});
