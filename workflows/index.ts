// The orchestrator worker's workflowsPath: every workflow, one per file.
export { applicationWorkflow } from './application.workflow';
export { annualCallWorkflow } from './annual-call.workflow';
export { publicNoticeWorkflow } from './public-notice.workflow';
export { platformWorkflow } from './platform.workflow';
export { annualEvaluationWorkflow } from './annual-evaluation.workflow';
export { scheduledAnnualCallWorkflow, scheduledAnnualEvaluationWorkflow } from './scheduled.workflow';
export { platformImportWorkflow } from './platform-import.workflow';
