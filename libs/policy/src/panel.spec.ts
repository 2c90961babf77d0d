import fc from 'fast-check';
import { aggregatePanel, rankCandidates, rubricTotal } from './panel';
import { XIAMEN_2021_114 } from './policies';

describe(aggregatePanel.name, () => {
  it('drops the highest and lowest with 5 or more scores', () => {
    expect(aggregatePanel(['90', '80', '85', '70', '95'], XIAMEN_2021_114)).toMatchObject({ score: '85.00', method: 'trimmed_mean' });
  });
  it('takes the plain mean below 5 scores, rounding half up to two places', () => {
    expect(aggregatePanel(['80', '81', '81'], XIAMEN_2021_114)).toMatchObject({ score: '80.67', method: 'mean' });
    expect(aggregatePanel(['80.01', '80.00'], XIAMEN_2021_114).score).toBe('80.01'); // 80.005 -> 80.01
  });
  it('flags a discordant panel', () => {
    expect(aggregatePanel(['95', '40', '90'], XIAMEN_2021_114).dispersed).toBe(true);
    expect(aggregatePanel(['85', '84', '86'], XIAMEN_2021_114).dispersed).toBe(false);
  });
  it('property: the aggregate lies between the lowest and the highest score', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 9 }), (hs) => {
      const totals = hs.map((h) => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`);
      const s = Number(aggregatePanel(totals, XIAMEN_2021_114).score);
      expect(s).toBeGreaterThanOrEqual(Math.min(...hs) / 100);
      expect(s).toBeLessThanOrEqual(Math.max(...hs) / 100);
    }));
  });
});

describe(rubricTotal.name, () => {
  const full = { performance: 25, capability: 20, management: 15, staff: 10, functions: 20, innovation: 10 };
  it('sums the rubric of the policy version', () => {
    expect(rubricTotal(full, XIAMEN_2021_114)).toBe('100.00');
    expect(rubricTotal({ ...full, innovation: 7.5 }, XIAMEN_2021_114)).toBe('97.50');
  });
  it('refuses a score above a criterion maximum, a missing or an unknown criterion', () => {
    expect(() => rubricTotal({ ...full, staff: 11 }, XIAMEN_2021_114)).toThrow(/staff/);
    const { staff: _drop, ...missing } = full;
    expect(() => rubricTotal(missing, XIAMEN_2021_114)).toThrow(/missing/);
    expect(() => rubricTotal({ ...full, charm: 5 }, XIAMEN_2021_114)).toThrow(/unknown/);
  });
});

describe(rankCandidates.name, () => {
  const s = (code: string, score: string, submittedAt: string) => ({ applicationId: code, creditCode: code, institutionName: code, score, submittedAt });
  it('ranks by score, then by earlier submission, then by credit code, and draws the quota line', () => {
    const sut = rankCandidates([s('C', '80.00', '2026-04-02'), s('A', '90.00', '2026-04-05'), s('B', '80.00', '2026-04-01'), s('D', '80.00', '2026-04-01')], 2);
    expect(sut.map((r) => [r.creditCode, r.rank, r.withinQuota])).toEqual([
      ['A', 1, true],
      ['B', 2, true],
      ['D', 3, false],
      ['C', 4, false],
    ]);
  });
});
