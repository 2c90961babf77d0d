/**
 * bench/lifecycle: drives N platform workflows through a February report cycle (two reminders, then the report)
 * on the time-skipping test server, and a baseline with the same timers and no-op activities, in the same process
 * on the same server. Prints workflows/second for each and their ratio.   node dist/bench/lifecycle/run.js [N]
 */
import { reportSubmittedSignal, TaskQueues } from '@sme/contracts';
import { createTimeSkippingEnv, shanghai, skipTo } from '@sme/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import * as path from 'node:path';
import { baselineReport } from './baseline.workflow';

const N = Number(process.argv[2] ?? 1000);
const HOUR = 3_600_000;

async function drive(env: TestWorkflowEnvironment, label: string, startAll: (i: number) => Promise<unknown>, report: (i: number) => Promise<unknown>, done: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, k) => startAll(i + k)));
  await skipTo(env, shanghai(`${label === 'platform' ? 2028 : 2027}-02-20`, 12));
  for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, k) => report(i + k)));
  await skipTo(env, shanghai(`${label === 'platform' ? 2028 : 2027}-03-05`, 12));
  // The test server advances its clock only when every task due before the target has been processed, so all
  // reminders, reports and activities of the cycle are done here. Checked, not assumed:
  const seconds = (performance.now() - t0) / 1000;
  const finished = await done();
  if (finished !== N) throw new Error(`${label}: ${finished} of ${N} workflows finished their cycle`);
  return N / seconds;
}

async function main(): Promise<void> {
  const env = await createTimeSkippingEnv();
  const notified = new Set<string>();
  const noops = { first: 0, second: 0 };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TaskQueues.lifecycle,
    workflowsPath: path.join(__dirname, 'workflows.js'),
  });
  const activities = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TaskQueues.notifications,
    activities: {
      storeInAppNotification: async (i: { idempotencyKey: string }) => (notified.add(i.idempotencyKey), { notificationId: i.idempotencyKey, created: true }),
      noop: async (key: string) => void (key === 'reminder-14d' ? noops.second++ : noops.first++),
    },
  });
  const code = (i: number) => `9135020000000${String(i).padStart(5, '0')}`;
  const result = await worker.runUntil(
    activities.runUntil((async () => {
      // The baseline: the same timers (to 2027-01-30 and 2027-02-15 09:00), two no-op activities, a wait for the report.
      await skipTo(env, shanghai('2027-01-01', 1));
      const now = await env.currentTimeMs();
      const first = shanghai('2027-01-30', 9) - now;
      const second = shanghai('2027-02-15', 9) - shanghai('2027-01-30', 9);
      const baseline = await drive(
        env,
        'baseline',
        (i) => env.client.workflow.start('baselineWorkflow', { taskQueue: TaskQueues.lifecycle, workflowId: `bench-baseline-${i}`, args: [first, second, 60 * 24 * HOUR] }),
        (i) => env.client.workflow.getHandle(`bench-baseline-${i}`).signal(baselineReport),
        async () => noops.second,
      );
      await skipTo(env, shanghai('2028-01-01', 1));
      // The platform: awarded 2026, the report on 2027 due 2028-02-29; reminders 30 and 14 days before, then the report.
      const platform = await drive(
        env,
        'platform',
        (i) => env.client.workflow.start('platformWorkflow', { taskQueue: TaskQueues.lifecycle, workflowId: `bench-platform-${i}`, args: [{ creditCode: code(i), institutionName: `P${i}`, awardedOn: '2026-12-15', listYear: 2026, policyVersion: 'xiamen-2021-114' }] }),
        (i) => env.client.workflow.getHandle(`bench-platform-${i}`).signal(reportSubmittedSignal, { reportYear: 2027, submittedOn: '2028-02-20' }),
        async () => new Set([...notified].filter((k) => k.includes('reminder-14d')).map((k) => k.split(':')[0])).size,
      );
      const reminders = [...notified].filter((k) => k.includes('reminder')).length;
      return { platform, baseline, reminders };
    })()),
  );
  await env.teardown();
  process.stdout.write(
    `bench/lifecycle N=${N}\n` +
      `  platform (February report cycle): ${result.platform.toFixed(1)} workflows/s (${result.reminders} reminders sent)\n` +
      `  baseline (same timers, no-op activities): ${result.baseline.toFixed(1)} workflows/s\n` +
      `  ratio platform/baseline: ${(result.platform / result.baseline).toFixed(2)}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
