import { applicationStatusQuery, type ApplicationStatus, WorkflowIds } from '@sme/contracts';
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';

/**
 * An application's status with its workflow's description: as the `status` query answers it while the workflow runs,
 * and, once it has completed, as the workflow returned it. A completed workflow's result needs no worker and no
 * replay, so a finished application answers while the orchestrator is down, and also when the SDK cannot replay its
 * history (a known SDK defect, workflows/replay.spec.ts). Throws WorkflowNotFoundError when it has not started.
 */
export async function applicationStatusOf(client: Client, applicationId: string): Promise<{ status: ApplicationStatus; described: WorkflowExecutionDescription }> {
  const handle = client.workflow.getHandle(WorkflowIds.application(applicationId));
  const described = await handle.describe();
  const status = described.status.name === 'COMPLETED' ? ((await handle.result()) as ApplicationStatus) : await handle.query(applicationStatusQuery);
  return { status, described };
}
