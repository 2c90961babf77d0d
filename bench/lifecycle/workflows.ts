// What the bench worker runs: the real platform workflow and the baseline.
export { platformWorkflow } from '../../workflows/platform.workflow';
export { baselineWorkflow } from './baseline.workflow';
