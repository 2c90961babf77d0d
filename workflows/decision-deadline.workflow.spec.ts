import { DECISION_NOT_AFTER_HEADER, platformStatusQuery, revokeTitleUpdate, TaskQueues, WorkflowIds } from '@sme/contracts';
import { FakeServices, workflowTestEnv } from '@sme/testing';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { platformWorkflow } from './platform.workflow';

/**
 * A decision that reaches its workflow after its caller stopped waiting (the caller was answered 503, "nothing was
 * decided") is refused by the workflow (workflows/lib/decision-deadline, issue 11), so it is never taken later
 * behind the caller's back; one that arrives in time is taken.
 */
describe('decisions past their caller\'s deadline', () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  /** A client whose updates carry `notAfter` as libs/runtime askWorkflow puts it. */
  const clientWith = (notAfter: number) => {
    const header: WorkflowClientInterceptor = {
      startUpdate: (input, next) => next({ ...input, headers: { ...input.headers, [DECISION_NOT_AFTER_HEADER]: defaultPayloadConverter.toPayload(notAfter) } }),
    };
    return new Client({ connection: env.client.connection, namespace: env.namespace ?? 'default', interceptors: { workflow: [header] } });
  };

  it('refuses an update that arrives after its notAfter, changes nothing, and takes the same decision asked in time', async () => {
    const svc = new FakeServices(env);
    const code = '91350200MA8DEM018T';
    await svc.run(bundle, async () => {
      const h = await env.client.workflow.start(platformWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.platform(code),
        args: [{ creditCode: code, institutionName: '迟到决定平台', awardedOn: '2026-06-30', listYear: 2026, policyVersion: 'xiamen-2021-114' }],
      });
      const now = await env.currentTimeMs();
      const revoke = (c: Client, updateId: string) =>
        c.workflow.getHandle(h.workflowId).executeUpdate(revokeTitleUpdate, { args: [{ reason: '弄虚作假', article: '第十七条', by: 'li' }], updateId });
      const late = await revoke(clientWith(now - 1000), 'late').then(() => null, (err: { cause?: { type?: string } }) => err.cause?.type);
      expect(late).toBe('decision-expired');
      expect((await h.query(platformStatusQuery)).revocation).toBeNull();
      // The retry, with the same id and a new deadline, is taken.
      const taken = await revoke(clientWith(now + 3_600_000), 'late');
      expect(taken.revocation).toMatchObject({ reason: '弄虚作假', article: '第十七条', by: 'li' });
      await h.terminate('end of test');
    });
  });
});
