import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** Epoch ms of `hh:mm` Asia/Shanghai on an ISO date. */
export function shanghai(date: string, hh = 0, mm = 0): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, hh - 8, mm);
}

/** Skips the test server's clock forward to `epochMs` (never backwards). */
export async function skipTo(env: TestWorkflowEnvironment, epochMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (epochMs < now) throw new Error(`cannot go back in time: ${new Date(epochMs).toISOString()} < ${new Date(now).toISOString()}`);
  await env.sleep(epochMs - now);
}

/**
 * A hypothetical State Council notice for 2027, as staff would enter it once published (a test fixture, not
 * official data): National Day 10-01..10-07 off, Saturday 10-09 worked.
 */
export const FIXTURE_2027_NATIONAL_DAY = {
  years: [2027],
  days: [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2027-10-${d}`, kind: 'holiday' as const, name: '国庆节' })),
    { date: '2027-10-09', kind: 'makeup' as const, name: '国庆节' },
  ],
};

/**
 * Every worker down until `epochMs` (an outage of days), on the time-skipping server. The server stops its clock
 * while a workflow task is pending, which is what a timer firing with no worker leaves behind: each time the clock
 * stalls this releases that hold, so the clock reaches `epochMs` with the timers fired and their tasks waiting, then
 * restores the holds, so that a worker started afterwards finds every missed time at once, as after a real outage.
 * The workers stopped must have kept no sticky queue (`FakeServices.run(..., { cache: false })`): the test server
 * never moves a task left on a dead worker's sticky queue.
 */
export async function workersDownUntil(env: TestWorkflowEnvironment, epochMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (epochMs < now) throw new Error(`cannot go back in time: ${new Date(epochMs).toISOString()} < ${new Date(now).toISOString()}`);
  const test = env.connection.testService;
  if (!test) throw new Error('workersDownUntil needs the time-skipping test server');
  let released = 0;
  let done = false;
  const sleeping = env.sleep(epochMs - now).then(() => {
    done = true;
  });
  while (!done) {
    const before = await env.currentTimeMs();
    await Promise.race([sleeping, new Promise((r) => setTimeout(r, 300))]);
    if (done) break;
    // A clock that moved no more than the wall clock did is held by a pending task: release it.
    if ((await env.currentTimeMs()) - before < 5_000) {
      await test.unlockTimeSkipping({});
      released++;
    }
  }
  for (let i = 0; i < released; i++) await test.lockTimeSkipping({});
}
