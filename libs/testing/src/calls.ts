import { TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { shanghai, skipTo } from './time';

/**
 * The call of `year` as staff usually set it up (quota 3, submissions 1 to 31 March, xiamen-2021-114), started on the
 * time-skipping server, with the clock then moved to 1 April 09:00 (Asia/Shanghai), after submissions closed.
 */
export async function startMarchCall(env: TestWorkflowEnvironment, year: number): Promise<WorkflowHandle> {
  const call = await env.client.workflow.start(WorkflowTypes.annualCall, {
    taskQueue: TaskQueues.lifecycle,
    workflowId: WorkflowIds.annualCall(year),
    args: [{ year, quota: 3, opensOn: `${year}-03-01`, closesOn: `${year}-03-31`, policyVersion: 'xiamen-2021-114' }],
  });
  await skipTo(env, shanghai(`${year}-04-01`, 9));
  return call;
}
