import { type AnnualCallInput, WorkflowIds } from '@sme/contracts';
import { POLICIES } from '@sme/policy';
import { ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { annualCallWorkflow } from './annual-call.workflow';
import { annualEvaluationWorkflow } from './annual-evaluation.workflow';
import { currentYear } from './lib/clock';
import { lifecycle } from './lib/activities';

/**
 * The targets of the yearly Temporal Schedules. A Schedule cannot name the run `call-<year>` itself, so it starts
 * this small workflow, which starts the year's workflow under its proper id (once: a second start is refused) and
 * leaves it running on its own.
 */
export async function scheduledAnnualCallWorkflow(): Promise<string> {
  const year = currentYear();
  const settings = await lifecycle.callSettings({ year });
  const input: AnnualCallInput = { year, ...settings, policyVersion: settings.policyVersion ?? POLICIES.forCallYear(year).id };
  await startChild(annualCallWorkflow, {
    workflowId: WorkflowIds.annualCall(year),
    args: [input],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
  return WorkflowIds.annualCall(year);
}

/** Evaluates the previous calendar year (第十九条). */
export async function scheduledAnnualEvaluationWorkflow(): Promise<string> {
  const year = currentYear() - 1;
  await startChild(annualEvaluationWorkflow, {
    workflowId: WorkflowIds.annualEvaluation(year),
    args: [{ year, scoringDays: POLICIES.forCallYear(year).periods.evaluationScoringDays }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
  return WorkflowIds.annualEvaluation(year);
}
