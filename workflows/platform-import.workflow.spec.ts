import { platformImportStatusQuery, platformStatusQuery, TaskQueues, WorkflowIds } from '@sme/contracts';
import { FakeServices, recordHistory, shanghai, skipTo, workflowTestEnv } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { IMPORT_CHUNK, IMPORT_RUN_ROWS, platformImportWorkflow } from './platform-import.workflow';

describe(platformImportWorkflow.name, () => {
  const ctx = workflowTestEnv();
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(() => ({ env, bundle } = ctx));

  const rows = [
    { row: 2, creditCode: '91350200MA8DEM018T', institutionName: '甲', awardedOn: '2024-06-30', functions: ['information'] },
    { row: 3, creditCode: '91350200MA8DEM026M', institutionName: '乙', awardedOn: '2025-03-01', functions: ['financing', 'training'] },
  ];

  it('awards each row under its award year and starts each platform mid-validity; a second run finds them all', async () => {
    const svc = new FakeServices(env);
    await skipTo(env, shanghai('2027-01-10', 10));
    await svc.run(bundle, async () => {
      const first = await env.client.workflow.execute(platformImportWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.platformImport('a1'),
        args: [{ importId: 'a1', policyVersion: 'xiamen-2021-114', by: 'staff', rows }],
      });
      expect(first).toMatchObject({ stage: 'done', total: 2, done: 2, created: 2, existing: 0, current: null });
      // Rows of one chunk are awarded side by side, in any order.
      expect(svc.awards.map((a) => [a.creditCode, a.callYear, a.awardedOn]).sort()).toEqual([
        ['91350200MA8DEM018T', 2024, '2024-06-30'],
        ['91350200MA8DEM026M', 2025, '2025-03-01'],
      ]);
      const p = await env.client.workflow.getHandle(WorkflowIds.platform('91350200MA8DEM018T')).query(platformStatusQuery);
      expect(p).toMatchObject({ awardedOn: '2024-06-30', validThrough: '2027-06-30', year: 2027 });
      // Started indexed by its award: its first task writes only the stage it finds, not what it was given.
      const history = await env.client.workflow.getHandle(WorkflowIds.platform('91350200MA8DEM018T')).fetchHistory();
      const upserted = history.events!.flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
      expect(upserted).not.toContain('CreditCode');

      const second = await env.client.workflow.start(platformImportWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.platformImport('a2'),
        args: [{ importId: 'a2', policyVersion: 'xiamen-2021-114', by: 'staff', rows }],
      });
      expect(await second.result()).toMatchObject({ created: 0, existing: 2 });
      expect(await second.query(platformImportStatusQuery)).toMatchObject({ stage: 'done', done: 2 });
      expect(svc.awards).toHaveLength(2);
      await recordHistory('import-v3-two-rows', second);
    });
  });

  it('imports a file larger than one run in chunks, continued as new, counting across runs and awarding each row once', async () => {
    const svc = new FakeServices(env);
    svc.awardStartsPlatform = false;
    const many = Array.from({ length: IMPORT_RUN_ROWS * 2 + 7 }, (_, i) => ({
      row: i + 2,
      creditCode: `91350200MA8X${String(i).padStart(5, '0')}X`,
      institutionName: `机构${i}`,
      awardedOn: '2025-03-01',
      functions: ['information'],
    }));
    await svc.run(bundle, async () => {
      const handle = await env.client.workflow.start(platformImportWorkflow, {
        taskQueue: TaskQueues.lifecycle,
        workflowId: WorkflowIds.platformImport('big'),
        args: [{ importId: 'big', policyVersion: 'xiamen-2021-114', by: 'staff', rows: many }],
      });
      expect(await handle.result()).toMatchObject({ importId: 'big', stage: 'done', total: many.length, done: many.length, created: many.length, existing: 0, current: null });
      expect(await handle.query(platformImportStatusQuery)).toMatchObject({ stage: 'done', total: many.length, done: many.length });
      expect(new Set(svc.awards.map((a) => a.creditCode)).size).toBe(many.length);
      expect(svc.awards).toHaveLength(many.length);
      // The run staff started holds one run's rows and continued as new: one activity task per chunk of rows, so a
      // few events a chunk (one row at a time was six events a row; a task per row, three a row).
      const first = await env.client.workflow.getHandle(WorkflowIds.platformImport('big'), handle.firstExecutionRunId).fetchHistory();
      const scheduled = first.events!.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
      expect(scheduled).toEqual(Array(IMPORT_RUN_ROWS / IMPORT_CHUNK).fill('awardTitles'));
      expect(first.events!.length).toBeLessThan(IMPORT_RUN_ROWS / 2);
      expect(first.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    });
  });
});
