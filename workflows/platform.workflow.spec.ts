import {
  evaluationOutcomeSignal,
  lateReportDecisionUpdate,
  platformStatusQuery,
  recordRecommendationUpdate,
  reportSubmittedSignal,
  revokeTitleUpdate,
  TaskQueues,
  titleAwardedSignal,
  WorkflowIds,
} from '@sme/contracts';
import { eventually, FakeServices, recordHistory, shanghai, skipTo, workflowTestEnv } from '@sme/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { platformWorkflow } from './platform.workflow';

/** Workflow time of a stored notification, to the second (the activity runs a few ms after its timer). */
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

describe(platformWorkflow.name, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  const start = (code: string, name: string) =>
    env.client.workflow.start(platformWorkflow, {
      taskQueue: TaskQueues.lifecycle,
      workflowId: WorkflowIds.platform(code),
      args: [{ creditCode: code, institutionName: name, awardedOn: '2026-12-15', listYear: 2026, policyVersion: 'xiamen-2021-114' }],
    });
  const status = (h: WorkflowHandle<typeof platformWorkflow>) => h.query(platformStatusQuery);

  it('runs three years for three platforms: reminders, a late report, an evaluation, renewal; a lapse; a revocation', async () => {
    const svc = new FakeServices(env);
    const A = '91350200MA8DEM018T'; // renews
    const B = '91350200MA8DEM026M'; // does not re-apply: lapses
    const C = '91350200MA2Y0AB171'; // revoked in 2028
    await skipTo(env, shanghai('2026-12-15', 10));
    await svc.run(bundle, async () => {
      const a = await start(A, '甲');
      const b = await start(B, '乙');
      const c = await start(C, '丙');
      expect(await status(a)).toMatchObject({ stage: 'active', validFrom: '2026-12-16', validThrough: '2029-12-15', pendingReport: null });

      // 2027: nothing to report (the first report is on 2027, the first full year after the list).
      await skipTo(env, shanghai('2027-06-01'));
      expect(svc.sent()).toEqual([]);

      // 2028: the report on 2027 is due 2028-02-29. A files on 02-20 (reminders at 30 and 14 days only);
      // C is revoked on 02-10 (its later reminders never go out).
      await skipTo(env, shanghai('2028-02-10', 10));
      expect((await status(a)).pendingReport).toMatchObject({ reportYear: 2027, due: '2028-02-29', late: false });
      await c.executeUpdate(revokeTitleUpdate, { args: [{ reason: '提供虚假材料', article: '第十七条', by: 'bureau-1' }] });
      expect(await c.result()).toMatchObject({ stage: 'revoked', revocation: { article: '第十七条' } });
      await skipTo(env, shanghai('2028-02-20', 10));
      await a.signal(reportSubmittedSignal, { reportYear: 2027, submittedOn: '2028-02-20' });
      await a.signal(evaluationOutcomeSignal, { year: 2027, outcome: 'pass', score: '88.00' });
      await a.executeUpdate(recordRecommendationUpdate, { args: [{ level: 'province', year: 2028, note: '推荐申报省级示范平台' }] });
      await b.signal(reportSubmittedSignal, { reportYear: 2027, submittedOn: '2028-02-26' });

      // 2029: the report on 2028 is due 2029-02-28. A is late: escalation on 03-01, a chase a week later, filed 03-10.
      await skipTo(env, shanghai('2029-03-01', 10));
      const late = await eventually(() => status(a), (s) => s.stage === 'report_late', 'late');
      expect(late).toMatchObject({ pendingReport: { reportYear: 2028, due: '2029-02-28', late: true }, actor: 'center_staff' });
      await b.signal(reportSubmittedSignal, { reportYear: 2028, submittedOn: '2029-03-01' });
      await skipTo(env, shanghai('2029-03-10', 10));
      await expect(a.executeUpdate(lateReportDecisionUpdate, { args: [{ reportYear: 2027, decision: 'excuse', reason: 'x', by: 's' }] })).rejects.toThrow();
      await a.signal(reportSubmittedSignal, { reportYear: 2028, submittedOn: '2029-03-10' });

      // The expiry year: A re-applies successfully in the 2029 call; B does not.
      await skipTo(env, shanghai('2029-06-01'));
      expect((await status(a)).stage).toBe('awaiting_renewal');
      await skipTo(env, shanghai('2029-11-20', 10));
      await a.signal(titleAwardedSignal, { callYear: 2029, awardedOn: '2029-11-20', listYear: 2029 });
      expect(await eventually(() => status(a), (s) => s.validThrough === '2032-11-20', 'renewed')).toMatchObject({ stage: 'active' });

      // B lapses at the end of its last day.
      await skipTo(env, shanghai('2029-12-16', 1));
      expect(await b.result()).toMatchObject({ stage: 'lapsed', validThrough: '2029-12-15' });

      // 2030: the report on 2029 is due 2030-02-28; A files it on 2030-02-01, after the 30-day reminder.
      await skipTo(env, shanghai('2030-02-01', 10));
      await a.signal(reportSubmittedSignal, { reportYear: 2029, submittedOn: '2030-02-01' });
      await skipTo(env, shanghai('2030-03-31'));
      const final = await status(a);
      expect(final).toMatchObject({ year: 2030, stage: 'active', reports: { '2027': { late: false }, '2028': { late: true }, '2029': { late: false } } });
      expect(final.evaluations).toEqual({ '2027': 'pass' });
      expect(final.recommendations).toHaveLength(1);
      await recordHistory('platform-v1-a-2030', a);
      await a.terminate('end of test');
    });

    // In time order; two notices of one moment (an overdue's pair, sent side by side) by their keys.
    const at = (prefix: string) => svc.sent(prefix).map((n) => [n.idempotencyKey.slice(prefix.length), iso(n.at)]).sort((a, b) => a[1]!.localeCompare(b[1]!) || a[0]!.localeCompare(b[0]!));
    // A: exactly these reminders, at these workflow times (09:00 Asia/Shanghai = 01:00Z).
    expect(at(`platform-${A}:`)).toEqual([
      ['report-2027:reminder-30d', '2028-01-30T01:00:00.000Z'],
      ['report-2027:reminder-14d', '2028-02-15T01:00:00.000Z'],
      ['report-2028:reminder-30d', '2029-01-29T01:00:00.000Z'],
      ['report-2028:reminder-14d', '2029-02-14T01:00:00.000Z'],
      ['report-2028:reminder-7d', '2029-02-21T01:00:00.000Z'],
      ['report-2028:reminder-1d', '2029-02-27T01:00:00.000Z'],
      ['report-2028:overdue:platform', '2029-02-28T16:00:00.000Z'],
      ['report-2028:overdue:staff', '2029-02-28T16:00:00.000Z'],
      ['report-2028:chase-1', '2029-03-07T16:00:00.000Z'],
      ['report-2029:reminder-30d', '2030-01-29T01:00:00.000Z'],
    ]);
    expect(svc.sent(`platform-${A}:report-2028:overdue:staff`)[0]!.recipient).toBe('role:staff');
    // B: its reminders, then the lapse at 24:00 on 2029-12-15.
    expect(at(`platform-${B}:`).at(-1)).toEqual(['lapsed-2029-12-15', '2029-12-15T16:00:00.000Z']);
    // C: the first 2028 reminder, then the revocation; nothing after.
    expect(at(`platform-${C}:`)).toEqual([
      ['report-2027:reminder-30d', '2028-01-30T01:00:00.000Z'],
      ['revoked', expect.stringMatching(/^2028-02-10T02:00/)],
    ]);
    // Every activity call stored something new: a retried or replayed step never sends twice.
    expect(svc.notificationCalls).toBe(svc.notifications.size);
  });
});
