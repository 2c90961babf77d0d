import {
  adjustmentProblem,
  callQuotaFromCap,
  checkIndicatorSet,
  evaluatePlatform,
  type IndicatorFacts,
  type IndicatorSet,
  IndicatorSetError,
  outcomeFor,
  pointsFor,
  rankTotals,
} from './evaluation';
import { INDICATOR_SETS, INDICATORS_XIAMEN_2021_114_PROVISIONAL, POLICIES } from './policies';

const SET = INDICATORS_XIAMEN_2021_114_PROVISIONAL;

/** A platform that meets every Art. 6 threshold just so. */
const AT_THRESHOLDS: IndicatorFacts = {
  'report.smesServed': '80',
  'report.functionsDelivered': '1',
  'report.activities': '12',
  'report.qualifiedStaffPercent': '80',
  'report.satisfactionPercent': '80',
  'report.freeOrLowFeePercent': '20',
  'service.reportDaysLate': '0',
  'expert.score': '70',
};

describe('scoring rules (Annex 3 shape: each indicator 0-100 points)', () => {
  it('bands give the points of the highest band reached, in any order', () => {
    const rule = { kind: 'bands' as const, bands: [{ atLeast: '95', points: '100' }, { atLeast: '80', points: '70' }, { atLeast: '90', points: '85' }] };
    expect(pointsFor(rule, '79.99')).toBe(0);
    expect(pointsFor(rule, '80')).toBe(7000);
    expect(pointsFor(rule, '94.99')).toBe(8500);
    expect(pointsFor(rule, '100')).toBe(10000);
  });

  it('linear rules are exact in hundredths, capped at both ends, and may fall as the fact grows', () => {
    expect(pointsFor({ kind: 'linear', zeroAt: '0', fullAt: '160' }, '80')).toBe(5000);
    expect(pointsFor({ kind: 'linear', zeroAt: '0', fullAt: '3' }, '1')).toBe(3333);
    expect(pointsFor({ kind: 'linear', zeroAt: '0', fullAt: '3' }, '2')).toBe(6667); // 66.666.. rounds half up
    expect(pointsFor({ kind: 'linear', zeroAt: '0', fullAt: '160' }, '999')).toBe(10000);
    expect(pointsFor({ kind: 'linear', zeroAt: '60', fullAt: '0' }, '15')).toBe(7500);
    expect(pointsFor({ kind: 'linear', zeroAt: '60', fullAt: '0' }, '61')).toBe(0);
  });

  it('per-unit rules count whole units and stop at 100 (MIIT: 20 points per channel)', () => {
    expect(pointsFor({ kind: 'per_unit', points: '20' }, '3')).toBe(6000);
    expect(pointsFor({ kind: 'per_unit', points: '20' }, '3.9')).toBe(6000);
    expect(pointsFor({ kind: 'per_unit', points: '20' }, '7')).toBe(10000);
  });
});

describe('the provisional Annex 3 set', () => {
  it('is valid, provisional, adds up to 100 and cites an article for each indicator', () => {
    expect(checkIndicatorSet(SET)).toEqual([]);
    expect(SET.status).toBe('provisional');
    expect(SET.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
    expect(INDICATOR_SETS.forYear('xiamen-2021-114', 2026).id).toBe(SET.id);
  });

  it('scores a platform at the Art. 6 thresholds as 合格 with every step shown', () => {
    const e = evaluatePlatform(SET, AT_THRESHOLDS);
    const by = Object.fromEntries(e.indicators.map((i) => [i.id, i]));
    expect(by['smes-served']).toMatchObject({ value: '80', computed: '75.00', points: '75.00', weighted: '15.00', flag: null });
    expect(by['report-on-time']).toMatchObject({ computed: '100.00', weighted: '10.00' });
    // 15 + 6 + 8 + 10 + 14 + 7 + 10 + 7
    expect(e.total).toBe('77.00');
    expect(e.outcome).toBe('pass');
    expect(e.flags).toEqual([]);
  });

  it('gives a platform without a report zero for every report-based indicator and flags it', () => {
    const e = evaluatePlatform(SET, { 'service.reportDaysLate': null, 'expert.score': '80' }, [], false);
    expect(e.flags).toContain('no-report');
    const reportBased = e.indicators.filter((i) => i.fact.startsWith('report.'));
    expect(reportBased.every((i) => i.points === '0.00' && i.flag === 'no-report')).toBe(true);
    expect(e.total).toBe('8.00');
    expect(e.outcome).toBe('fail');
  });

  it('flags an expert score not given yet', () => {
    const { 'expert.score': _omit, ...rest } = AT_THRESHOLDS;
    const e = evaluatePlatform(SET, rest);
    expect(e.flags).toEqual(['expert-pending']);
    expect(e.indicators.find((i) => i.id === 'innovation')).toMatchObject({ flag: 'expert-pending', points: '0.00' });
  });

  it("counts staff's adjustment, with its reason, instead of the rule's points", () => {
    const adj = { indicator: 'satisfaction', points: '85', reason: '抽访复核满意度为91%', by: 'staff1', at: '2027-01-20T02:00:00Z' };
    const e = evaluatePlatform(SET, AT_THRESHOLDS, [adj]);
    expect(e.indicators.find((i) => i.id === 'satisfaction')).toMatchObject({ computed: '70.00', points: '85.00', adjusted: { reason: adj.reason, by: 'staff1' } });
    expect(e.total).toBe('80.00');
    expect(e.flags).toEqual(['adjusted']);
  });

  it('refuses an adjustment without a reason, out of range or of an unknown indicator', () => {
    expect(adjustmentProblem(SET, { indicator: 'satisfaction', points: '85', reason: ' ' })?.en).toMatch(/reason/);
    expect(adjustmentProblem(SET, { indicator: 'satisfaction', points: '100.01', reason: 'x' })?.en).toMatch(/0-100/);
    expect(adjustmentProblem(SET, { indicator: 'nope', points: '1', reason: 'x' })?.en).toMatch(/no indicator/);
    expect(adjustmentProblem(SET, { indicator: 'satisfaction', points: '99.5', reason: 'x' })).toBeNull();
  });
});

describe('a new indicator set is data only', () => {
  // The same indicators with other weights and lines, as the official Annex 3 might give them.
  const OTHER: IndicatorSet = {
    ...SET,
    id: 'xiamen-2021-114/annex-3-official',
    status: 'official',
    fromYear: 2027,
    indicators: SET.indicators.map((i) => ({ ...i, weight: i.id === 'smes-served' ? 30 : i.id === 'satisfaction' ? 10 : i.weight })),
    outcomeBands: [
      { outcome: 'excellent', atLeast: '77.5' },
      { outcome: 'pass', atLeast: '65' },
      { outcome: 'rectify', atLeast: '50' },
      { outcome: 'fail', atLeast: '0' },
    ],
  };

  it('changes the totals and outcomes by its weights and lines, and nothing else', () => {
    const registry = INDICATOR_SETS.with(OTHER);
    expect(registry.forYear('xiamen-2021-114', 2026).id).toBe(SET.id);
    expect(registry.forYear('xiamen-2021-114', 2027).id).toBe(OTHER.id);
    const before = evaluatePlatform(SET, AT_THRESHOLDS);
    const after = evaluatePlatform(registry.forYear('xiamen-2021-114', 2027), AT_THRESHOLDS);
    // Each indicator's points are the same; only the weights moved 10 points from satisfaction (70) to SMEs (75).
    expect(after.indicators.map((i) => i.points)).toEqual(before.indicators.map((i) => i.points));
    expect(after.total).toBe('77.50');
    expect(after.outcome).toBe('excellent');
    expect(before.outcome).toBe('pass');
    // The policy version itself is untouched.
    expect(POLICIES.get('xiamen-2021-114').evaluation.titleCap).toBe(60);
  });

  it('is refused when its weights do not add up or its bands are out of order', () => {
    const broken: IndicatorSet = { ...OTHER, indicators: OTHER.indicators.map((i) => ({ ...i, weight: 5 })), outcomeBands: [{ outcome: 'pass', atLeast: '90' }, { outcome: 'excellent', atLeast: '80' }] };
    expect(() => INDICATOR_SETS.with(broken)).toThrow(IndicatorSetError);
    const reasons = checkIndicatorSet(broken).map((p) => p.reason.en);
    expect(reasons).toEqual(expect.arrayContaining(['the weights add up to 40, not 100', 'one band must start at 0', 'a better outcome needs a higher line']));
  });
});

describe('ranking and outcome bands', () => {
  it('shares a rank between equal totals (1, 2, 2, 4)', () => {
    const ranked = rankTotals([
      { creditCode: 'C', total: '80.00' },
      { creditCode: 'A', total: '91.50' },
      { creditCode: 'B', total: '80.00' },
      { creditCode: 'D', total: '60.00' },
    ]);
    expect(ranked.map((r) => [r.creditCode, r.rank])).toEqual([['A', 1], ['B', 2], ['C', 2], ['D', 4]]);
  });

  it('puts a total on a line into the better band', () => {
    expect(outcomeFor(SET, '90.00')).toBe('excellent');
    expect(outcomeFor(SET, '89.99')).toBe('pass');
    expect(outcomeFor(SET, '59.99')).toBe('fail');
  });
});

describe('总量控制 (第十九条)', () => {
  it('gives the call the cap less the titles valid beyond its year', () => {
    const q = callQuotaFromCap({ cap: 60, validTitles: 55, expiringInYear: 12, year: 2027 });
    expect(q).toMatchObject({ quota: 17, stillValid: 43 });
    expect(q.explanation.zh).toContain('= 本年度可认定 17 家');
  });

  it('never goes below zero when the register is over the cap', () => {
    expect(callQuotaFromCap({ cap: 60, validTitles: 80, expiringInYear: 5, year: 2027 }).quota).toBe(0);
  });
});
