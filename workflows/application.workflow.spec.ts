import {
  applicationStatusQuery,
  type ApplicationsActivities,
  type InAppNotificationInput,
  MATERIALS_DEADLINE_DAYS,
  type NotificationsActivities,
  supplementMaterialsUpdate,
  TaskQueues,
  WorkflowIds,
} from '@sme/contracts';
import { createTimeSkippingEnv, WORKFLOWS_PATH, workflowBundlerHook } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap, Worker } from '@temporalio/worker';
import { applicationWorkflow } from './application.workflow';

const DAY_MS = 24 * 60 * 60 * 1000;

describe(applicationWorkflow.name, () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, webpackConfigHook: workflowBundlerHook });
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  /** Mocked activities: materials as the test sets them; notifications recorded by idempotency key. */
  function fakeServices(initial: Record<string, boolean>) {
    const materials = { ...initial };
    const stored = new Map<string, InAppNotificationInput>();
    const applications: ApplicationsActivities = {
      async checkCompleteness() {
        const missing = ['applicationForm', 'platformIntroduction', 'supportingEvidence'].filter((k) => !materials[k]);
        return { complete: missing.length === 0, missing, article: '第十条' };
      },
    };
    const notifications: NotificationsActivities = {
      async storeInAppNotification(input) {
        const created = !stored.has(input.idempotencyKey);
        stored.set(input.idempotencyKey, input);
        return { notificationId: input.idempotencyKey, created };
      },
    };
    return { materials, stored, applications, notifications };
  }

  async function withWorkers<T>(svc: ReturnType<typeof fakeServices>, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const { nativeConnection, namespace } = env;
    const orchestrator = await Worker.create({ connection: nativeConnection, namespace, taskQueue: TaskQueues.lifecycle, workflowBundle: bundle });
    const apps = await Worker.create({ connection: nativeConnection, namespace, taskQueue: TaskQueues.applications, activities: svc.applications });
    const notif = await Worker.create({ connection: nativeConnection, namespace, taskQueue: TaskQueues.notifications, activities: svc.notifications });
    return orchestrator.runUntil(apps.runUntil(notif.runUntil(fn(TaskQueues.lifecycle))));
  }

  const input = (id: string) => ({ applicationId: id, creditCode: '91350200MA2Y0AB12C', institutionName: '测试机构', callYear: 2026 });

  it('accepts a complete application and notifies the applicant once', async () => {
    const svc = fakeServices({ applicationForm: true, platformIntroduction: true, supportingEvidence: true });
    const result = await withWorkers(svc, (taskQueue) =>
      env.client.workflow.execute(applicationWorkflow, { taskQueue, workflowId: WorkflowIds.application('a1'), args: [input('a1')] }),
    );
    expect(result).toMatchObject({ stage: 'accepted', completenessChecks: 1, missing: [], actor: null });
    expect([...svc.stored.keys()]).toEqual(['application-a1:accepted']);
    expect(svc.stored.get('application-a1:accepted')!.recipient).toBe('institution:91350200MA2Y0AB12C');
  });

  it('asks for the missing materials, then re-checks when they are supplied and answers the update', async () => {
    const svc = fakeServices({ applicationForm: true, platformIntroduction: false, supportingEvidence: true });
    await withWorkers(svc, async (taskQueue) => {
      const handle = await env.client.workflow.start(applicationWorkflow, {
        taskQueue,
        workflowId: WorkflowIds.application('a2'),
        args: [input('a2')],
      });
      let status = await handle.query(applicationStatusQuery);
      for (let i = 0; i < 50 && status.stage !== 'awaiting_materials'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await handle.query(applicationStatusQuery);
      }
      expect(status).toMatchObject({ stage: 'awaiting_materials', actor: 'applicant', missing: ['platformIntroduction'] });
      expect(Date.parse(status.deadline!)).toBeGreaterThan(Date.now() + (MATERIALS_DEADLINE_DAYS - 1) * DAY_MS);

      svc.materials['platformIntroduction'] = true;
      const answer = await handle.executeUpdate(supplementMaterialsUpdate, { args: [{ materials: { platformIntroduction: true } }] });
      expect(answer).toMatchObject({ stage: 'accepted', completenessChecks: 2, missing: [] });
      await expect(handle.result()).resolves.toMatchObject({ stage: 'accepted' });
    });
    expect([...svc.stored.keys()]).toEqual(['application-a2:materials-requested:1', 'application-a2:accepted']);
  });

  it('refuses supplied materials when none were requested', async () => {
    const svc = fakeServices({ applicationForm: true, platformIntroduction: true, supportingEvidence: true });
    await withWorkers(svc, async (taskQueue) => {
      const handle = await env.client.workflow.start(applicationWorkflow, { taskQueue, workflowId: WorkflowIds.application('a3'), args: [input('a3')] });
      await handle.result();
      await expect(handle.executeUpdate(supplementMaterialsUpdate, { args: [{ materials: {} }] })).rejects.toThrow();
    });
  });

  it(`closes the application when the ${MATERIALS_DEADLINE_DAYS}-day deadline passes without the materials`, async () => {
    const svc = fakeServices({ applicationForm: false, platformIntroduction: true, supportingEvidence: true });
    const started = await env.currentTimeMs();
    const result = await withWorkers(svc, (taskQueue) =>
      env.client.workflow.execute(applicationWorkflow, { taskQueue, workflowId: WorkflowIds.application('a4'), args: [input('a4')] }),
    );
    expect(result.stage).toBe('closed_incomplete');
    expect((await env.currentTimeMs()) - started).toBeGreaterThanOrEqual(MATERIALS_DEADLINE_DAYS * DAY_MS);
    expect([...svc.stored.keys()]).toEqual(['application-a4:materials-requested:1', 'application-a4:closed-incomplete']);
    expect(svc.stored.get('application-a4:closed-incomplete')!.body.zh).toContain('申请表');
  });
});
