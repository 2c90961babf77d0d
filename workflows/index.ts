// The orchestrator worker's workflowsPath: every workflow, one per file.
export { applicationWorkflow } from './application.workflow';
