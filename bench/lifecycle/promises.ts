/**
 * bench/lifecycle/promises: where the platform workflow's promises come from. The Temporal SDK captures a stack trace
 * for every promise made in a workflow's context (its promise hook, for the `__stack_trace` query; it has no switch),
 * and bench/lifecycle's profile puts half of what the platform costs beyond the baseline there. This replays each
 * stored platform history (workflows/histories) on the current code in this thread, counts the promises made in the
 * workflow's context, and prints them by the first line of the project's own code on their stack:
 *   node dist/bench/lifecycle/promises.js [name-filter=platform]
 */
import { quietTemporalRuntime, storedHistories, workflowTestBundle } from '@sme/testing';
import { Worker } from '@temporalio/worker';
import { promiseHooks } from 'node:v8';

/** A frame of the SDK's workflow library or of the project's workflow code (source-mapped by the SDK's prepareStackTrace). */
const WORKFLOW_FRAME = /@temporalio\/workflow\/|\bworkflows\/|\blibs\//;
const OWN_FRAME = /\((?:.*\/)?((?:workflows|libs)\/[^)]*?):\d+\)$/;

function callSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  const frames = String(holder.stack).split('\n').slice(1).map((l) => l.trim());
  if (!frames.some((f) => WORKFLOW_FRAME.test(f))) return undefined; // the worker's own promises, not the workflow's
  for (const f of frames) {
    const own = OWN_FRAME.exec(f);
    if (own && !f.includes('node_modules')) return `${f.replace(/^at /, '').replace(/ \(.*$/, '')} (${own[1]})`;
  }
  const sdk = frames.find((f) => f.includes('@temporalio/workflow/') && !/Promise|stack-helpers/.test(f)) ?? frames[0] ?? '?';
  return `SDK: ${sdk.replace(/^at /, '').replace(/\(.*node_modules\//, '(')}`;
}

async function main(): Promise<void> {
  const filter = new RegExp(process.argv[2] ?? 'platform');
  quietTemporalRuntime();
  const bundle = await workflowTestBundle();
  for (const { name, history } of storedHistories().filter((h) => filter.test(h.name))) {
    const sites = new Map<string, number>();
    let counting = false;
    const stop = promiseHooks.createHook({
      init: () => {
        if (!counting) return;
        const site = callSite();
        if (site) sites.set(site, (sites.get(site) ?? 0) + 1);
      },
    });
    counting = true;
    // A replay worker runs the workflow in this thread (the SDK's debug mode), where the hook above sees its promises.
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, name);
    counting = false;
    stop();
    const total = [...sites.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(`${name}: ${total} promises in the workflow's context over ${history.events?.length ?? 0} history events\n`);
    for (const [site, n] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      process.stdout.write(`  ${String(n).padStart(5)} ${String(Math.round((100 * n) / total)).padStart(3)}%  ${site}\n`);
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
