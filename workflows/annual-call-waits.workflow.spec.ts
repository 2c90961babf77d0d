import { annualCallStatusQuery, applicationOutcomeSignal } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { eventually, FakeServices, FIXTURE_2027_NATIONAL_DAY, shanghai, skipTo, startMarchCall, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { annualCallWorkflow } from './annual-call.workflow';

/**
 * No wait of the call without an end. On a time-skipping server of its own: the other call tests leave titles and
 * notices running, whose years of timers a long skip here would have to play through.
 */
describe(`${annualCallWorkflow.name} waits`, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  it('tells staff what the call still waits for after callWaitReminderDays, on its status too, until the wait ends', async () => {
    const svc = new FakeServices(env);
    svc.published = FIXTURE_2027_NATIONAL_DAY;
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const slow = makeCreditCode('91350200', 'MA8DLY01');
    svc.submitted = [{ applicationId: 'slow-1', creditCode: slow, submittedAt: `${year}-03-02T01:00:00.000Z`, outcome: null }];
    await svc.run(bundle, async () => {
      const call = await startMarchCall(env, year);
      await eventually(() => call.query(annualCallStatusQuery), (s) => s.stage === 'awaiting_panel', 'waiting for the panel');
      // Fourteen days after submissions closed, staff are told which application has no outcome yet.
      await skipTo(env, shanghai(`${year}-04-16`, 9));
      const told = await eventually(async () => svc.sent(`call-${year}:still-waiting:panel_results`), (n) => n.length === 1, 'staff told');
      expect(told[0]).toMatchObject({ recipient: 'role:staff', kind: 'call.still_waiting' });
      expect(told[0]!.body.zh).toContain('slow-1');
      expect((await call.query(annualCallStatusQuery)).stillWaiting).toMatchObject({ what: 'panel_results', reminders: 1, pending: ['slow-1'] });
      // The outcome arrives (staff closed it): the wait ends and the status says nothing is overdue.
      await call.signal(applicationOutcomeSignal, { applicationId: 'slow-1', creditCode: slow, institutionName: '慢服务中心', callYear: year, result: 'withdrawn', score: null, dispersed: false, submittedAt: `${year}-03-02T01:00:00.000Z` });
      await eventually(() => call.query(annualCallStatusQuery), (s) => s.stage === 'ranking' && s.stillWaiting === null, 'the list is next');
      await call.terminate('test done');
    });
  });
});
