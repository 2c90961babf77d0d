import { calendarUpdatedSignal, publicNoticeStatusQuery, raiseObjectionUpdate, resolveObjectionUpdate, TaskQueues, WorkflowIds } from '@sme/contracts';
import {
  eventually,
  FakeServices,
  FIXTURE_2027_NATIONAL_DAY,
  recordHistory,
  shanghai,
  skipTo,
  workflowTestEnv,
} from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { publicNoticeWorkflow } from './public-notice.workflow';

describe(publicNoticeWorkflow.name, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  const candidates = [
    { creditCode: '91350200MA8DEM018T', institutionName: '甲', rank: 1 },
    { creditCode: '91350200MA8DEM026M', institutionName: '乙', rank: 2 },
    { creditCode: '91350200MA2Y0AB171', institutionName: '丙', rank: 3 },
  ];

  it('spans National Day: provisional until the year is published, then ends on the date the calendar gives; objections decide', async () => {
    const svc = new FakeServices(env);
    await skipTo(env, shanghai('2027-09-30', 9));
    const result = await svc.run(bundle, async () => {
      const h = await env.client.workflow.start(publicNoticeWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.publicNotice('2027-1'),
        args: [{ noticeId: '2027-1', callYear: 2027, published: '2027-09-30', workingDays: 7, candidates }],
      });
      // 2027 has no published data yet: counted with the statutory holidays known without the notice (国庆节 1-3
      // October), and said to be provisional.
      const provisional = await h.query(publicNoticeStatusQuery);
      expect(provisional).toMatchObject({ start: '2027-09-30', end: '2027-10-11', provisional: true, stage: 'open' });
      // Kept as published, for the open data and the feed after the history is gone.
      const opened = await eventually(async () => svc.notices.get('2027-1'), (n) => n !== undefined, 'the notice recorded as published');
      expect(opened).toMatchObject({ noticeId: '2027-1', callYear: 2027, published: '2027-09-30', candidates, objections: 0 });
      expect(opened).not.toHaveProperty('outcome');

      await h.signal(calendarUpdatedSignal, FIXTURE_2027_NATIONAL_DAY);
      const recomputed = await eventually(() => h.query(publicNoticeStatusQuery), (s) => !s.provisional, 'recomputed period');
      expect(recomputed.workingDays).toEqual(['2027-09-30', '2027-10-08', '2027-10-09', '2027-10-11', '2027-10-12', '2027-10-13', '2027-10-14']);
      expect(recomputed.endsAt).toBe('2027-10-14T16:00:00.000Z');
      // The record follows the calendar while the notice is still open.
      await eventually(async () => svc.notices.get('2027-1'), (n) => n?.end === '2027-10-14', 'the record moved to the recomputed end');
      expect(svc.notices.get('2027-1')).toMatchObject({ provisional: false, end: '2027-10-14' });

      const o1 = await h.executeUpdate(raiseObjectionUpdate, { args: [{ creditCode: candidates[1]!.creditCode, ref: 'objection-record-1' }] });
      const o2 = await h.executeUpdate(raiseObjectionUpdate, { args: [{ creditCode: candidates[2]!.creditCode, ref: 'objection-record-2' }] });
      await expect(h.executeUpdate(raiseObjectionUpdate, { args: [{ creditCode: '91350200MA8DEM00XT', ref: 'objection-record-3' }] })).rejects.toThrow();

      // Still open on 2027-10-08 (the end the plain-weekday count would have given).
      await skipTo(env, shanghai('2027-10-08', 23));
      expect((await h.query(publicNoticeStatusQuery)).stage).toBe('open');
      await h.executeUpdate(resolveObjectionUpdate, { args: [{ objectionId: o1.id, decision: 'dismissed', reason: '经核查数据属实', by: 'staff-1' }] });

      await skipTo(env, shanghai('2027-10-15', 0, 1));
      const waiting = await eventually(() => h.query(publicNoticeStatusQuery), (s) => s.stage === 'awaiting_resolutions', 'awaiting resolutions');
      expect(waiting.actor).toBe('center_staff');
      await expect(h.executeUpdate(raiseObjectionUpdate, { args: [{ creditCode: candidates[0]!.creditCode, ref: 'objection-record-4' }] })).rejects.toHaveProperty('cause.message', expect.stringMatching(/公示期已结束/));
      await h.executeUpdate(resolveObjectionUpdate, { args: [{ objectionId: o2.id, decision: 'upheld', reason: '无固定经营场所（第六条第（三）项）', by: 'staff-1' }] });
      const r = await h.result();
      await recordHistory('notice-v1-national-day', h);
      return r;
    });
    expect(result.end).toBe('2027-10-14');
    expect(result.confirmed.map((c) => c.institutionName)).toEqual(['甲', '乙']);
    expect(result.removed).toMatchObject([{ institutionName: '丙', reason: '无固定经营场所（第六条第（三）项）' }]);
    // Kept as it closed: the period the calendar gave, who stayed and who was removed (never who objected).
    expect(svc.notices.get('2027-1')).toMatchObject({
      end: '2027-10-14',
      provisional: false,
      objections: 2,
      outcome: { confirmed: [{ institutionName: '甲' }, { institutionName: '乙' }], removed: [{ institutionName: '丙', reason: '无固定经营场所（第六条第（三）项）' }] },
    });
    expect(JSON.stringify(svc.notices.get('2027-1'))).not.toContain('objection-record');
  });

});
