import { confirmNoticeEndUpdate, publicNoticeStatusQuery, raiseObjectionUpdate, resolveObjectionUpdate, TaskQueues, WorkflowIds } from '@sme/contracts';
import { eventually, FakeServices, FIXTURE_2027_NATIONAL_DAY, shanghai, skipTo, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { publicNoticeWorkflow } from './public-notice.workflow';

/** The notice and the working-day calendar staff publish: read at the start, and no closing on a provisional end (第十三条). */
describe(`${publicNoticeWorkflow.name} and the published calendar`, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  const candidates = [
    { creditCode: '91350200MA8DEM018T', institutionName: '甲', rank: 1 },
    { creditCode: '91350200MA8DEM026M', institutionName: '乙', rank: 2 },
    { creditCode: '91350200MA2Y0AB171', institutionName: '丙', rank: 3 },
  ];

  it('reads the year staff already published when it starts: the API and the notice agree from the first day', async () => {
    const svc = new FakeServices(env);
    svc.published = FIXTURE_2027_NATIONAL_DAY;
    await skipTo(env, shanghai('2027-09-29', 9));
    await svc.run(bundle, async () => {
      const h = await env.client.workflow.start(publicNoticeWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.publicNotice('2027-1'),
        args: [{ noticeId: '2027-1', callYear: 2027, published: '2027-09-29', workingDays: 7, candidates }],
      });
      const s = await eventually(() => h.query(publicNoticeStatusQuery), (x) => !x.provisional, 'the published year counted');
      // 09-29 (Wed), 09-30, then 10-08, the make-up Saturday 10-09, 10-11 .. 10-13: seven working days.
      expect(s.workingDays).toEqual(['2027-09-29', '2027-09-30', '2027-10-08', '2027-10-09', '2027-10-11', '2027-10-12', '2027-10-13']);
      await h.terminate('end of test');
    });
  });

  it('never closes on a provisional end: staff are told when it comes, objections are still taken, and it closes when they confirm it', async () => {
    const svc = new FakeServices(env);
    await skipTo(env, shanghai('2028-04-27', 9));
    const result = await svc.run(bundle, async () => {
      const h = await env.client.workflow.start(publicNoticeWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.publicNotice('2028-1'),
        args: [{ noticeId: '2028-1', callYear: 2028, published: '2028-04-27', workingDays: 7, candidates }],
      });
      const open = await eventually(() => h.query(publicNoticeStatusQuery), (x) => x.provisional, 'provisional');
      expect(open.provisionalYears).toEqual([2028]);
      await skipTo(env, Date.parse(open.endsAt) + 3_600_000);
      const waiting = await eventually(() => h.query(publicNoticeStatusQuery), (x) => x.stage === 'awaiting_calendar', 'waits for the calendar');
      expect(waiting).toMatchObject({ waitingFor: 'calendar', actor: 'center_staff', endConfirmed: null });
      await eventually(async () => svc.sent(`notice-2028-1:provisional-end`), (n) => n.length === 1, 'staff told');
      expect(svc.sent('notice-2028-1:provisional-end')[0]!.recipient).toBe('role:staff');
      // Still taking objections: the real end may be later once the year's holidays are known.
      await h.executeUpdate(raiseObjectionUpdate, { args: [{ creditCode: candidates[0]!.creditCode, ref: 'objection-record-1' }] });
      await expect(h.executeUpdate(confirmNoticeEndUpdate, { args: [{ by: 'staff-1', reason: ' ' }] })).rejects.toThrow();
      await h.executeUpdate(confirmNoticeEndUpdate, { args: [{ by: 'staff-1', reason: '经核对国务院办公厅通知，该期间无调休' }] });
      await eventually(() => h.query(publicNoticeStatusQuery), (x) => x.stage === 'awaiting_resolutions', 'confirmed');
      const o = (await h.query(publicNoticeStatusQuery)).objections[0]!;
      await h.executeUpdate(resolveObjectionUpdate, { args: [{ objectionId: o.id, decision: 'dismissed', reason: '不属实', by: 'staff-1' }] });
      return h.result();
    });
    expect(result.confirmed).toHaveLength(3);
  });
});
