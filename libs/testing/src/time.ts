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
