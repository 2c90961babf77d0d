import { type BundleOptions, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { WORKSPACE_ROOT } from './paths';

const LIBS = ['contracts', 'policy'] as const;

/** Lets the workflow bundler resolve the @sme/* aliases to their TypeScript sources (tests run unbuilt code). */
export const workflowBundlerHook: NonNullable<BundleOptions['webpackConfigHook']> = (config) => {
  const alias: Record<string, string> = {};
  for (const lib of LIBS) alias[`@sme/${lib}`] = path.join(WORKSPACE_ROOT, 'libs', lib, 'src/index.ts');
  config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } };
  return config;
};

export const WORKFLOWS_PATH = path.join(WORKSPACE_ROOT, 'workflows/index.ts');
/** The workflow interceptors the orchestrator runs with (a decision past its caller's deadline is refused). */
export const WORKFLOW_INTERCEPTORS = [path.join(WORKSPACE_ROOT, 'workflows/lib/decision-deadline.ts')];

/** Where a test run's bundle is kept, named to the spec files by this variable (set by `bundleWorkflowsOnce`). */
const BUNDLE_FILE_VARIABLE = 'SME_WORKFLOW_TEST_BUNDLE';
/** A logger for `bundleWorkflowCode` that prints nothing (webpack's progress is noise in a test's or bench's output). */
export const SILENT_LOGGER = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/** The workflow code from its TypeScript sources, with the orchestrator's interceptors (3-4 s of webpack). */
export function bundleWorkflowSources(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTORS, webpackConfigHook: workflowBundlerHook, logger: SILENT_LOGGER });
}

/**
 * A jest global set-up: bundles the workflows once for every spec file of the run (each bundled its own before,
 * 3-4 s apiece on two cores) and tells them where the bundle is. Jest starts its workers after this, so they
 * inherit the variable.
 */
export async function bundleWorkflowsOnce(): Promise<void> {
  const file = path.join(WORKSPACE_ROOT, '.local/test-bundles/workflows.json');
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole, then renamed: a run started meanwhile in this checkout never reads half a bundle.
  const part = `${file}.${process.pid}`;
  writeFileSync(part, JSON.stringify(await bundleWorkflowSources()));
  renameSync(part, file);
  process.env[BUNDLE_FILE_VARIABLE] = file;
}

/** The run's bundle if `bundleWorkflowsOnce` made one, or a new one (a spec run without the global set-up). */
export async function workflowTestBundle(): Promise<WorkflowBundleWithSourceMap> {
  const file = process.env[BUNDLE_FILE_VARIABLE];
  if (file) return JSON.parse(readFileSync(file, 'utf8')) as WorkflowBundleWithSourceMap;
  return bundleWorkflowSources();
}
