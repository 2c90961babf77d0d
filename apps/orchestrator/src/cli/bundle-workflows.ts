/** The build's last step: bundles the compiled workflows for the orchestrator (`node dist/apps/orchestrator/src/cli/bundle-workflows.js`). */
import { WORKFLOW_BUNDLE, writeWorkflowBundle } from '../workflow-bundle';

writeWorkflowBundle().then(
  () => process.stdout.write(`workflow bundle: ${WORKFLOW_BUNDLE}\n`),
  (err: unknown) => {
    process.stderr.write(`workflow bundle failed / 流程打包失败: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
