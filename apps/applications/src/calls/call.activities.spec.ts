import 'reflect-metadata';
import type { TemporalClientHolder } from '@sme/runtime';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { CallActivities } from './call.activities';

/** Activities whose database holds the given call rows (by year) and nothing else. */
function service(calls: Record<number, unknown> = {}, register = { valid: 0, expiring: 0 }): CallActivities {
  const dataSource = {
    getRepository: () => ({ findOneBy: async ({ year }: { year: number }) => calls[year] ?? null }),
    query: async () => [register],
  } as unknown as DataSource;
  return new CallActivities(dataSource, {} as never, {} as TemporalClientHolder);
}

describe(CallActivities.name, () => {
  describe('callSettings', () => {
    it("answers the policy version's default call when staff set none up (quota 10, 1 March to 30 April)", async () => {
      const sut = service();
      expect(await sut.callSettings({ year: 2026 })).toEqual({ quota: 10, opensOn: '2026-03-01', closesOn: '2026-04-30', policyVersion: null });
    });

    it('gives the default quota no more room than the title cap leaves (第十九条 总量控制)', async () => {
      // 60 titles at most; 56 valid, 2 of them expiring within the year: 54 stay, room for 6.
      expect((await service({}, { valid: 56, expiring: 2 }).callSettings({ year: 2026 })).quota).toBe(6);
    });

    it('answers the call staff set up', async () => {
      const sut = service({ 2026: { quota: 3, opensOn: '2026-05-01', closesOn: '2026-06-30', policyVersion: 'xiamen-2021-114' } });
      expect(await sut.callSettings({ year: 2026 })).toEqual({ quota: 3, opensOn: '2026-05-01', closesOn: '2026-06-30', policyVersion: 'xiamen-2021-114' });
    });

    it('refuses, without retrying, a year no policy version covers (UnknownPolicy)', async () => {
      const sut = service();
      const err = await sut.callSettings({ year: 2019 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: 'UnknownPolicy', nonRetryable: true });
    });
  });
});
