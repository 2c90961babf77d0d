import {
  awardSignalWithStart,
  decideRevocationUpdate,
  evaluationOutcomeSignal,
  lateReportDecisionUpdate,
  reapplicationSignal,
  titleAwardedSignal,
  platformStatusQuery,
  reportSubmittedSignal,
  SearchAttributeKeys,
  TaskQueues,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { eventually, FakeServices, recordHistory, shanghai, skipTo, workersDownUntil, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { platformWorkflow } from './platform.workflow';

/**
 * The platform workflow at the edges of time: started after its deadlines (an import, the first day in production),
 * a worker away for weeks, a late report across 1 January; and revocation as the measure says: staff and the
 * evaluation propose, the bureau decides (第十五条, 第十七条, 第十九条).
 */
describe(`${platformWorkflow.name} at the edges`, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  const start = (code: string, awardedOn: string, listYear: number) =>
    env.client.workflow.start(platformWorkflow, {
      taskQueue: TaskQueues.lifecycle,
      workflowId: WorkflowIds.platform(code),
      args: [{ creditCode: code, institutionName: `平台${code.slice(-4)}`, awardedOn, listYear, policyVersion: 'xiamen-2021-114' }],
    });
  /** The workflow's own words when it refuses an update. */
  const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (err: Error & { cause?: Error }) => err.cause?.message ?? err.message);
  const kinds = (svc: FakeServices, code: string) => svc.sent(`platform-${code}:`).map((n) => n.idempotencyKey.slice(`platform-${code}:`.length));

  it('started long after its deadline, sends one notice for the state it finds, then chases weekly from then, across 1 January', async () => {
    const svc = new FakeServices(env);
    const X = '91350200MA8DEM018T'; // imported: awarded 2024-06-30, its 2025 report was due 2026-02-28 (a make-up working day)
    await skipTo(env, shanghai('2026-12-05', 10));
    await svc.run(bundle, async () => {
      // As an import starts it: the award signals-with-start, giving the published calendar and its search attributes.
      const award = { callYear: 2024, creditCode: X, institutionName: '平台018T', awardedOn: '2024-06-30', listYear: 2024, policyVersion: 'xiamen-2021-114' };
      const h = await env.client.workflow.signalWithStart(WorkflowTypes.platform, awardSignalWithStart(award, svc.published));
      const late = await eventually(() => h.query(platformStatusQuery), (s) => s.stage === 'report_late', 'late at once');
      expect(late.pendingReport).toMatchObject({ reportYear: 2025, due: '2026-02-28', late: true, chases: 0 });
      await eventually(async () => kinds(svc, X), (k) => k.length === 2, 'the overdue notices');
      // Nine months of weekly chases were "missed": none of them is sent, only the state now (the two side by side).
      expect(kinds(svc, X).sort()).toEqual(['report-2025:overdue:platform', 'report-2025:overdue:staff']);
      expect(svc.sent(`platform-${X}:report-2025:overdue:staff`)[0]!.recipient).toBe('role:staff');
      // The next chase is a week from now, not from the missed times.
      await skipTo(env, shanghai('2026-12-12', 9));
      expect(kinds(svc, X)).toHaveLength(2);
      await skipTo(env, shanghai('2026-12-12', 11));
      await eventually(async () => kinds(svc, X), (k) => k.includes('report-2025:chase-1'), 'the first chase');
      await recordHistory('platform-v4-lean2-imported-late', h);
      // The Temporal server's work per platform, at 10,000 of them (bench/scale): one patch marker a run (and so one
      // TemporalChangeVersion upsert); no calendar read (the award gave it); the two overdue notices in one activity
      // task; one stage written, the one it waits in (not `report_due`, which it left in the same task).
      const events = (await h.fetchHistory()).events!;
      expect(events.filter((e) => e.markerRecordedEventAttributes)).toHaveLength(1);
      const activities = events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      expect(activities).toEqual(['storeInAppNotifications', 'storeInAppNotification']); // the overdue pair, then chase-1
      const stages = events.flatMap((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[SearchAttributeKeys.Stage.name] ?? []);
      expect(stages).toHaveLength(1);
      expect((await h.describe()).typedSearchAttributes.get(SearchAttributeKeys.Stage)).toBe('platform_report_late');

      // Across 1 January (a continue-as-new): the 2025 report is still owed and still chased, weekly.
      await skipTo(env, shanghai('2027-01-20', 10));
      const s = await eventually(() => h.query(platformStatusQuery), (st) => st.year === 2027, 'the 2027 run');
      expect(s).toMatchObject({ stage: 'report_late', pendingReport: { reportYear: 2025, late: true } });
      // The new run starts from the search attributes the last one left: it writes none but the patch's own. It reads
      // the published calendar afresh (the award's was for the first run only).
      const year2027 = (await h.fetchHistory()).events!;
      const upserted = year2027.flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
      expect(upserted).toEqual(['TemporalChangeVersion']);
      expect(year2027.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [])[0]).toBe('publishedCalendar');
      // ...and visibility still finds it at its stage: continue-as-new carried them (staff's list by stage reads them).
      const indexed = (await h.describe()).typedSearchAttributes;
      expect([indexed.get(SearchAttributeKeys.CreditCode), indexed.get(SearchAttributeKeys.Stage)]).toEqual([X, 'platform_report_late']);
      // The report on 2026 is due 2027-03-01 beside it; its reminders are ahead (the first on 01-30).
      expect(s.openReports!.map((r) => [r.reportYear, r.late])).toEqual([[2025, true], [2026, false]]);
      await eventually(async () => kinds(svc, X), (k) => k.includes('report-2025:chase-6'), 'chases into the new year');
      expect(kinds(svc, X).filter((k) => k.startsWith('report-2025:chase'))).toHaveLength(6); // 12-12 ... 01-16
      expect(kinds(svc, X).filter((k) => k.startsWith('report-2026'))).toEqual([]);

      // Filing the 2025 report late closes it; the 2026 one is what is left.
      await h.signal(reportSubmittedSignal, { reportYear: 2025, submittedOn: '2027-01-20' });
      const after = await eventually(() => h.query(platformStatusQuery), (st) => st.stage === 'report_due', 'only 2026 owed');
      expect(after.reports['2025']).toEqual({ submittedOn: '2027-01-20', late: true });
      expect(after.openReports!.map((r) => r.reportYear)).toEqual([2026]);
      await h.terminate('end of test');
    });
  });

  it('started between reminders sends the one reminder for where things stand, then the next on time', async () => {
    const svc = new FakeServices(env);
    const Y = '91350200MA8DEM026M';
    // Awarded 2025-12-20 (list 2025): the 2026 report is due 2027-03-01; started on 2027-02-20, after the 30- and
    // 14-day reminders: one reminder now, then the 7-day one on 02-22 and the 1-day one on 02-28.
    await skipTo(env, shanghai('2027-02-20', 10));
    await svc.run(bundle, async () => {
      const y = await start(Y, '2025-12-20', 2025);
      await eventually(async () => kinds(svc, Y), (k) => k.length === 1, 'one reminder');
      expect(kinds(svc, Y)).toEqual(['report-2026:reminder-14d']);
      await skipTo(env, shanghai('2027-02-28', 10));
      await eventually(async () => kinds(svc, Y), (k) => k.length === 3, 'the 7- and 1-day reminders');
      expect(kinds(svc, Y)).toEqual(['report-2026:reminder-14d', 'report-2026:reminder-7d', 'report-2026:reminder-1d']);
      await y.terminate('end of test');
    });
  });

  it('lets staff only propose revocation; the bureau is told and decides; the evaluation proposes too', async () => {
    const svc = new FakeServices(env);
    const Z = '91350200MA2Y0AB171';
    const W = '91350200MA2Y0001XE';
    await skipTo(env, shanghai('2027-03-02', 10));
    await svc.run(bundle, async () => {
      const z = await start(Z, '2025-03-01', 2025); // its first report, on 2026, was due 2027-03-01: late now
      const w = await start(W, '2024-06-30', 2024);
      await eventually(() => z.query(platformStatusQuery), (s) => s.stage === 'report_late', 'late');

      expect(await refusal(z.executeUpdate(lateReportDecisionUpdate, { args: [{ reportYear: 2026, decision: 'revoke' as never, reason: '逾期', by: 'staff' }] }))).toMatch(/only the bureau revokes/);
      const proposed = await z.executeUpdate(lateReportDecisionUpdate, { args: [{ reportYear: 2026, decision: 'propose_revocation', reason: '逾期一年未报', by: 'staff-1' }] });
      expect(proposed).toMatchObject({ stage: 'revocation_proposed', revocation: null, actor: 'bureau', revocationProposal: { source: 'late_report', article: '第十五条', by: 'staff-1' } });
      await eventually(async () => svc.sent(`platform-${Z}:revocation-proposed`), (n) => n.length === 1, 'the bureau told');
      expect(svc.sent(`platform-${Z}:revocation-proposed`)[0]!.recipient).toBe('role:bureau');

      expect(await refusal(z.executeUpdate(decideRevocationUpdate, { args: [{ decision: 'accept', reason: ' ', by: 'bureau-1' }] }))).toMatch(/needs its reason/);
      const revoked = await z.executeUpdate(decideRevocationUpdate, { args: [{ decision: 'accept', reason: '经核实无正当理由', article: '第十七条', by: 'bureau-1' }] });
      expect(revoked.revocation).toMatchObject({ article: '第十七条', by: 'bureau-1' });
      expect(await z.result()).toMatchObject({ stage: 'revoked', revocationDecisions: [{ decision: 'accept', source: 'late_report' }] });
      expect(svc.ended).toEqual([expect.objectContaining({ creditCode: Z, status: 'revoked', article: '第十七条', by: 'bureau-1' })]);

      // The evaluation's "revoke" is a proposal too; the bureau rejects it and the platform is told.
      await w.signal(evaluationOutcomeSignal, { year: 2025, outcome: 'revoke', score: '41.00' });
      const wp = await eventually(() => w.query(platformStatusQuery), (s) => s.stage === 'revocation_proposed', 'evaluation proposal');
      expect(wp).toMatchObject({ revocation: null, revocationProposal: { source: 'evaluation', article: '第十九条' } });
      await w.executeUpdate(decideRevocationUpdate, { args: [{ decision: 'reject', reason: '已整改到位', by: 'bureau-1' }] });
      await eventually(async () => svc.sent(`platform-${W}:revocation-rejected`), (n) => n.length === 1, 'the platform told');
      expect((await w.query(platformStatusQuery)).revocationProposal).toBeNull();
      expect(await refusal(w.executeUpdate(decideRevocationUpdate, { args: [{ decision: 'accept', reason: 'x', by: 'bureau-1' }] }))).toMatch(/no revocation is proposed/);
      await w.terminate('end of test');
    });
  });

  it('keeps the title while the expiry year\'s re-application is pending, ends it at 24:00 of the day it fails; another year\'s award renews nothing', async () => {
    const svc = new FakeServices(env);
    const R = '91350200MA8DEM034G';
    await svc.run(bundle, async () => {
      const r = await start(R, '2024-06-30', 2024); // valid through 2027-06-30: 2027 is its expiry year
      await r.signal(reportSubmittedSignal, { reportYear: 2025, submittedOn: '2027-03-02' });
      await r.signal(reportSubmittedSignal, { reportYear: 2026, submittedOn: '2027-03-02' });
      // An award from the 2026 call is no renewal (第十七条: re-application is in the expiry year's call).
      await r.signal(titleAwardedSignal, { callYear: 2026, awardedOn: '2027-03-02', listYear: 2027 });
      await skipTo(env, shanghai('2027-04-01', 10));
      expect(await r.query(platformStatusQuery)).toMatchObject({ stage: 'awaiting_renewal', validThrough: '2027-06-30', renewals: [] });
      await r.signal(reapplicationSignal, { callYear: 2027, applicationId: 'r-1', state: 'pending', on: '2027-04-01' });

      // Its last valid day passes while the re-application is decided: the title is kept.
      await skipTo(env, shanghai('2027-07-05', 10));
      expect(await r.query(platformStatusQuery)).toMatchObject({ stage: 'awaiting_renewal', reapplication: { state: 'pending' } });
      expect(svc.sent(`platform-${R}:lapsed`)).toEqual([]);

      // It fails on 2027-09-10 (below the quota line): the title ends at 24:00 that day.
      await skipTo(env, shanghai('2027-09-10', 10));
      await r.signal(reapplicationSignal, { callYear: 2027, applicationId: 'r-1', state: 'failed', on: '2027-09-10' });
      await skipTo(env, shanghai('2027-09-10', 23, 59));
      expect((await r.query(platformStatusQuery)).stage).toBe('awaiting_renewal');
      await skipTo(env, shanghai('2027-09-11', 1));
      expect(await r.result()).toMatchObject({ stage: 'lapsed', validThrough: '2027-06-30' });
      expect(svc.ended).toEqual([expect.objectContaining({ creditCode: R, status: 'lapsed', endedOn: '2027-09-10', article: '第十七条' })]);
    });
  });

  it('after a worker outage of days across its reminders and deadline, sends one notice for the state it finds, never the backlog', async () => {
    const svc = new FakeServices(env);
    const W = '91350200MA8DEM034G';
    // Awarded on 20 December of last year: the first report, on this year, is due at the end of next February.
    // (Dates follow the test server's clock, which earlier tests may have moved years ahead.)
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(await env.currentTimeMs()));
    const due = await svc.run(bundle, async () => {
      const h = await start(W, `${year - 1}-12-20`, year - 1);
      await eventually(() => h.query(platformStatusQuery), (st) => st.stage === 'active', 'running');
      // The report on this year is owed from 1 January (第十五条): the new year's run opens it.
      await skipTo(env, shanghai(`${year + 1}-01-05`, 10));
      const s = await eventually(() => h.query(platformStatusQuery), (st) => st.stage === 'report_due' && !!st.pendingReport, 'waiting for the report');
      return s.pendingReport!.due;
    }, { cache: false });
    expect(due).toMatch(new RegExp(`^${year + 1}-0[23]-`));
    // Every worker is down until ten days after the deadline: four reminders and the deadline pass unseen.
    const tenDaysLate = new Date(Date.parse(`${due}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await workersDownUntil(env, shanghai(tenDaysLate, 10));
    expect(kinds(svc, W)).toEqual([]);
    await svc.run(bundle, async () => {
      const h = env.client.workflow.getHandle(WorkflowIds.platform(W));
      const late = await eventually(() => h.query(platformStatusQuery), (s) => s.stage === 'report_late', 'late, once the workers are back');
      expect(late.pendingReport).toMatchObject({ reportYear: year, due, late: true });
      await eventually(async () => kinds(svc, W), (k) => k.length === 2, 'the overdue pair');
      expect(kinds(svc, W).sort()).toEqual([`report-${year}:overdue:platform`, `report-${year}:overdue:staff`]);
      // The next chase is a full interval after the workers came back, not counted from the missed times.
      const weekOn = new Date(Date.parse(`${tenDaysLate}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      await skipTo(env, shanghai(weekOn, 9));
      expect(kinds(svc, W)).toHaveLength(2);
      await skipTo(env, shanghai(weekOn, 11));
      await eventually(async () => kinds(svc, W), (k) => k.includes(`report-${year}:chase-1`), 'the first chase');
      expect(kinds(svc, W)).toHaveLength(3);
      await h.terminate('end of test');
    });
  });
});
