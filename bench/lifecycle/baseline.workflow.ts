import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export const baselineReport = defineSignal<[]>('reportSubmitted');
const { noop } = proxyActivities<{ noop(key: string): Promise<void> }>({ taskQueue: 'notifications', startToCloseTimeout: '30s' });

/**
 * The baseline: the same timers as a platform's February (two reminders, then a wait cut short by the report)
 * and the same number of activities, doing nothing else.
 */
export async function baselineWorkflow(first: number, second: number, wait: number): Promise<void> {
  let reported = false;
  setHandler(baselineReport, () => void (reported = true));
  await sleep(first);
  await noop('reminder-30d');
  await sleep(second);
  await noop('reminder-14d');
  await condition(() => reported, wait);
}
