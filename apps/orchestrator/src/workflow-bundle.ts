import { bundleWorkflowCode, DefaultLogger, type WorkerOptions } from '@temporalio/worker';
import { statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The built workflow code (`dist/workflows`), and the interceptors the worker runs it with. */
const WORKFLOWS = path.resolve(__dirname, '../../../workflows/index.js');
const INTERCEPTORS = [path.resolve(__dirname, '../../../workflows/lib/decision-deadline.js')];
/** The bundle `npm run build` writes beside them, so that no worker start pays webpack's 3-4 s of CPU. */
export const WORKFLOW_BUNDLE = path.resolve(__dirname, '../../../workflows/bundle.js');

/** Bundles the built workflow code with its interceptors into `WORKFLOW_BUNDLE` (the last step of the build). */
export async function writeWorkflowBundle(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, workflowInterceptorModules: INTERCEPTORS, logger: new DefaultLogger('WARN') });
  writeFileSync(WORKFLOW_BUNDLE, code);
}

const modified = (file: string): number | null => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
};

/**
 * What the worker runs: `workflowsPath` if one is configured (bundled at start), else the build's bundle when it is
 * newer than the compiled workflows, else those bundled at start (a compile without the build's last step), saying so.
 */
export function workflowCode(
  workflowsPath: string | null,
  warn: (message: string) => void,
  files = { bundle: WORKFLOW_BUNDLE, compiled: WORKFLOWS },
): Pick<WorkerOptions, 'workflowsPath' | 'workflowBundle' | 'interceptors'> {
  // A decision that reaches its workflow after the caller stopped waiting (answered 503) is refused, not taken.
  const atStart = (workflows: string) => ({ workflowsPath: workflows, interceptors: { workflowModules: INTERCEPTORS } });
  if (workflowsPath) return atStart(workflowsPath);
  const bundled = modified(files.bundle);
  const compiled = modified(files.compiled);
  if (bundled !== null && compiled !== null && bundled >= compiled) return { workflowBundle: { codePath: files.bundle } };
  warn(`no workflow bundle newer than ${files.compiled}: bundling at start (run \`npm run build\`) / 无最新流程包，启动时打包`);
  return atStart(files.compiled);
}
