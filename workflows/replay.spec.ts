import { storedHistories, WORKFLOW_INTERCEPTORS, WORKFLOWS_PATH, workflowBundlerHook, quietTemporalRuntime } from '@sme/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * Every stored history (workflows/histories, recorded from earlier versions of the code) must replay on the
 * current code: a change to a running workflow that would break determinism fails here. Changes are guarded
 * by `patched()`.
 */
describe('replay of stored histories', () => {
  let bundle: WorkflowBundleWithSourceMap;
  const histories = storedHistories();

  beforeAll(async () => {
    quietTemporalRuntime();
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTORS, webpackConfigHook: workflowBundlerHook, logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
  }, 120_000);

  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(3);
  });

  it.each(histories.map((h) => [h.name, h.history] as const))('%s replays on the current code', async (name, history) => {
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, name)).resolves.toBeUndefined();
  });
});
