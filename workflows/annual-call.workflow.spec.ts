import {
  annualCallStatusQuery,
  applicationOutcomeSignal,
  applicationStatusQuery,
  assignExpertsUpdate,
  extendCallDeadlineUpdate,
  internalReviewUpdate,
  platformStatusQuery,
  publicNoticeStatusQuery,
  raiseObjectionUpdate,
  recordSiteVisitUpdate,
  resolveObjectionUpdate,
  submitCandidateListUpdate,
  submitScoreUpdate,
  TaskQueues,
  WorkflowIds,
} from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { eventually, FakeServices, FIXTURE_2027_NATIONAL_DAY, recordHistory, shanghai, skipTo, startMarchCall, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { annualCallWorkflow } from './annual-call.workflow';
import { applicationWorkflow } from './application.workflow';

const rubric = (total: number) => ({ performance: total - 75, capability: 20, management: 15, staff: 10, functions: 20, innovation: 10 });

describe(annualCallWorkflow.name, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  it('runs from the call to the titles: extension, panel, ranking at the quota, send-back, approval, notice with an upheld objection, awards', async () => {
    const svc = new FakeServices(env);
    svc.published = FIXTURE_2027_NATIONAL_DAY; // 2027's holidays entered: the notice's end is not provisional
    const applicants = [
      { id: 'p1', name: '甲服务中心', score: 90 },
      { id: 'p2', name: '乙服务中心', score: 85 },
      { id: 'p3', name: '丙服务中心', score: 80 },
    ].map((a, i) => ({ ...a, code: makeCreditCode('91350200', `MA8CAL0${i}`) }));

    await skipTo(env, shanghai('2027-03-01', 9));
    const status = await svc.run(bundle, async () => {
      const call = await env.client.workflow.start(annualCallWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.annualCall(2027),
        args: [{ year: 2027, quota: 2, opensOn: '2027-03-01', closesOn: '2027-04-30', policyVersion: 'xiamen-2021-114' }],
      });
      const apps = [];
      for (const a of applicants) {
        apps.push(
          await env.client.workflow.start(applicationWorkflow, {
            taskQueue: TaskQueues.lifecycle,
            workflowId: WorkflowIds.application(a.id),
            args: [{ applicationId: a.id, creditCode: a.code, institutionName: a.name, callYear: 2027 }],
          }),
        );
      }
      await eventually(() => call.query(annualCallStatusQuery), (s) => s.applications === 3, 'three registered');

      // The panel scores while the call is open.
      for (const [i, h] of apps.entries()) {
        await eventually(() => h.query(applicationStatusQuery), (s) => s.stage === 'awaiting_site_visit', 'site visit');
        await h.executeUpdate(recordSiteVisitUpdate, { args: [{ checklist: { premises: true }, surveySatisfaction: 0.9, opinion: '属实', expertIds: ['e1'] }] });
        const panel = ['e1', 'e2', 'e3', 'e4', 'e5'];
        await h.executeUpdate(assignExpertsUpdate, { args: [{ expertIds: panel, dueInDays: 10 }] });
        for (const e of panel) await h.executeUpdate(submitScoreUpdate, { args: [{ expertId: e, scores: rubric(applicants[i]!.score) }] });
        // (not h.result(): waiting on a result lets the test server skip time, and the call would close)
        await eventually(() => h.query(applicationStatusQuery), (x) => x.stage === 'scored', 'scored');
      }
      expect((await call.query(annualCallStatusQuery)).outcomesReceived).toBe(3);
      // Staff extend the deadline: the call is still open after the first closing day.
      const extended = await call.executeUpdate(extendCallDeadlineUpdate, { args: [{ closesOn: '2027-05-14', reason: '申报单位集中反映材料准备时间不足' }] });
      expect(extended.closesAt).toBe('2027-05-14T16:00:00.000Z');
      await expect(call.executeUpdate(extendCallDeadlineUpdate, { args: [{ closesOn: '2027-05-01', reason: '缩短' }] })).rejects.toThrow();
      await skipTo(env, shanghai('2027-05-02', 9));
      expect((await call.query(annualCallStatusQuery)).stage).toBe('open');

      await skipTo(env, shanghai('2027-05-15', 0, 1));
      let s = await eventually(() => call.query(annualCallStatusQuery), (x) => x.stage === 'ranking', 'ranking');
      expect(s.ranking.map((r) => [r.institutionName, r.score, r.withinQuota])).toEqual([
        ['甲服务中心', '90.00', true],
        ['乙服务中心', '85.00', true],
        ['丙服务中心', '80.00', false],
      ]);

      await call.executeUpdate(submitCandidateListUpdate, { args: [{ by: 'staff-1' }] });
      s = await call.executeUpdate(internalReviewUpdate, { args: [{ decision: 'send_back', reason: '请复核乙的服务数据', reviewer: 'bureau-1' }] });
      expect(s.stage).toBe('ranking');
      await expect(call.executeUpdate(internalReviewUpdate, { args: [{ decision: 'approve', reviewer: 'bureau-1' }] })).rejects.toThrow();
      await call.executeUpdate(submitCandidateListUpdate, { args: [{ by: 'staff-1' }] });
      s = await call.executeUpdate(internalReviewUpdate, { args: [{ decision: 'approve', reviewer: 'bureau-1' }] });
      expect(s.stage).toBe('public_notice');

      const notice = env.client.workflow.getHandle(WorkflowIds.publicNotice('2027-1'));
      const n = await eventually(() => notice.query(publicNoticeStatusQuery), (x) => x.stage === 'open', 'notice open');
      const o = await notice.executeUpdate(raiseObjectionUpdate, { args: [{ creditCode: applicants[1]!.code, ref: 'objection-record-1' }] });
      await notice.executeUpdate(resolveObjectionUpdate, { args: [{ objectionId: o.id, decision: 'upheld', reason: '核查属实', by: 'staff-1' }] });
      await skipTo(env, Date.parse(n.endsAt) + 60_000);
      // (queries, not call.result(): waiting on a result lets the test server skip ahead into the platform's years)
      await eventually(() => call.query(annualCallStatusQuery), (x) => x.stage === 'closed', 'closed');
      // The title started its platform workflow, valid three years from the award.
      const platform = env.client.workflow.getHandle(WorkflowIds.platform(applicants[0]!.code));
      const p = await eventually(() => platform.query(platformStatusQuery), () => true, 'platform');
      expect(p).toMatchObject({ stage: 'active', validThrough: `2030-${p.awardedOn.slice(5)}` });
      await platform.terminate('end of test');
      const done = await call.result();
      await recordHistory('call-v1-awarded', call);
      return done;
    });

    // 乙 is removed by the upheld objection; 丙, below the quota line, is not promoted into its place.
    expect(status).toMatchObject({ stage: 'closed', awarded: [applicants[0]!.code], removedByObjection: [applicants[1]!.code] });
    expect(status.reviewHistory.map((r) => r.decision)).toEqual(['send_back', 'approve']);
    expect(svc.awards).toEqual([expect.objectContaining({ callYear: 2027, creditCode: applicants[0]!.code })]);
  });

  it('ends with no titles when the bureau rejects the list', async () => {
    const svc = new FakeServices(env);
    svc.published = FIXTURE_2027_NATIONAL_DAY; // 2027's holidays entered: the notice's end is not provisional
    const now = await env.currentTimeMs();
    const year = new Date(now).getUTCFullYear() + 1;
    const status = await svc.run(bundle, async () => {
      const call = await startMarchCall(env, year);
      await eventually(() => call.query(annualCallStatusQuery), (s) => s.stage === 'ranking', 'ranking');
      await call.executeUpdate(submitCandidateListUpdate, { args: [{ by: 'staff-1' }] });
      await expect(call.executeUpdate(internalReviewUpdate, { args: [{ decision: 'reject', reviewer: 'bureau-1' }] })).rejects.toThrow(); // a reason is required
      await call.executeUpdate(internalReviewUpdate, { args: [{ decision: 'reject', reason: '本年度不予认定', reviewer: 'bureau-1' }] });
      return call.result();
    });
    expect(status).toMatchObject({ stage: 'rejected', awarded: [] });
  });

  it('counts the applications submitted before the call started: an outcome already reached at once, one still in progress when it reports', async () => {
    const svc = new FakeServices(env);
    svc.published = FIXTURE_2027_NATIONAL_DAY; // 2027's holidays entered: the notice's end is not provisional
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 2;
    const [early, pending] = [makeCreditCode('91350200', 'MA8ADP01'), makeCreditCode('91350200', 'MA8ADP02')];
    svc.submitted = [
      {
        applicationId: 'adopt-1',
        creditCode: early,
        submittedAt: `${year}-03-02T01:00:00.000Z`,
        outcome: { applicationId: 'adopt-1', creditCode: early, institutionName: '先评服务中心', callYear: year, result: 'scored', score: '88.00', dispersed: false, submittedAt: `${year}-03-02T01:00:00.000Z` },
      },
      { applicationId: 'adopt-2', creditCode: pending, submittedAt: `${year}-03-03T01:00:00.000Z`, outcome: null },
    ];
    await svc.run(bundle, async () => {
      await skipTo(env, shanghai(`${year}-05-02`, 9)); // the call starts after its own closing day: it closes at once
      const call = await env.client.workflow.start(annualCallWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.annualCall(year),
        args: [{ year, quota: 5, opensOn: `${year}-03-01`, closesOn: `${year}-04-30`, policyVersion: 'xiamen-2021-114' }],
      });
      const waiting = await eventually(() => call.query(annualCallStatusQuery), (s) => s.stage === 'awaiting_panel', 'awaiting the pending one');
      expect(waiting).toMatchObject({ applications: 2, outcomesReceived: 1 });
      await call.signal(applicationOutcomeSignal, { applicationId: 'adopt-2', creditCode: pending, institutionName: '后评服务中心', callYear: year, result: 'scored', score: '91.00', dispersed: false, submittedAt: `${year}-03-03T01:00:00.000Z` });
      const ranked = await eventually(() => call.query(annualCallStatusQuery), (s) => s.stage === 'ranking', 'ranking');
      expect(ranked.ranking.map((r) => [r.creditCode, r.score])).toEqual([[pending, '91.00'], [early, '88.00']]);
      await call.terminate('end of test');
    });
  });
  it('takes one internal review when approve and reject arrive together, refusing the other with a typed reason (第十三条)', async () => {
    const svc = new FakeServices(env);
    svc.published = FIXTURE_2027_NATIONAL_DAY;
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 3;
    await svc.run(bundle, async () => {
      const call = await startMarchCall(env, year);
      await eventually(() => call.query(annualCallStatusQuery), (s) => s.stage === 'ranking', 'ranking');
      await call.executeUpdate(submitCandidateListUpdate, { args: [{ by: 'staff-1' }] });
      await eventually(() => call.query(annualCallStatusQuery), (s) => s.stage === 'internal_review', 'internal review');
      // Two bureau members decide at once: one decision is taken, the other refused with its code and article.
      const settled = await Promise.allSettled([
        call.executeUpdate(internalReviewUpdate, { args: [{ decision: 'approve', reviewer: 'bureau-1' }] }),
        call.executeUpdate(internalReviewUpdate, { args: [{ decision: 'reject', reason: '不予认定', reviewer: 'bureau-2' }] }),
      ]);
      expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as { cause?: { type?: string; details?: Array<{ article: string; zh: string }> } };
      expect(['review-already-taken', 'no-review-expected']).toContain(refused.cause?.type);
      expect(refused.cause?.details?.[0]).toMatchObject({ article: '第十三条', zh: expect.any(String) });
      expect((await call.query(annualCallStatusQuery)).reviewHistory).toHaveLength(1);
      // Clean-up: a rejection has already ended the call; an approval left it in its notice.
      await call.terminate('test done').catch(() => undefined);
    });
  });
});
