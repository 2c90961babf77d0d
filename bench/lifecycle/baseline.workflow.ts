import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export const baselineReport = defineSignal<[]>('reportSubmitted');
const { noop } = proxyActivities<{ noop(key: string): Promise<void> }>({ taskQueue: 'notifications', startToCloseTimeout: '30s' });
const services = proxyActivities<{ noop(key: string): Promise<void> }>({ taskQueue: 'applications', startToCloseTimeout: '30s' });

/**
 * The baseline: the same timers as a platform's February (two reminders, then a wait cut short by the report)
 * and the same activities (the year's calendar from the applications service, two notices), doing nothing else.
 */
export async function baselineWorkflow(first: number, second: number, wait: number): Promise<void> {
  let reported = false;
  setHandler(baselineReport, () => void (reported = true));
  await services.noop('calendar');
  await sleep(first);
  await noop('reminder-30d');
  await sleep(second);
  await noop('reminder-14d');
  await condition(() => reported, wait);
}
