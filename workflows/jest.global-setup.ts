// eslint-disable-next-line @nx/enforce-module-boundaries -- jest loads globalSetup without moduleNameMapper
import { bundleWorkflowsOnce } from '../libs/testing/src/workflow-bundle';

/** One workflow bundle for every spec file of the run. */
export default bundleWorkflowsOnce;
