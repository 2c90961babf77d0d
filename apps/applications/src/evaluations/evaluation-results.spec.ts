import { INDICATOR_SETS } from '@sme/policy';
import type { AnnualReportEntity } from '@sme/persistence';
import { POLICIES, WorkingDayCalendar } from '@sme/policy';
import { computeResult, expertMean, gatherFacts, panelScore } from './evaluation-results';

const at = '2028-03-02T01:00:00.000Z';
const scores = (...xs: Array<[string, string]>) => xs.map(([expert, score]) => ({ expert, score, at }));

describe(panelScore.name, () => {
  it('counts a named panel only once every expert on it has scored, and only their scores', () => {
    expect(panelScore(['e1', 'e2', 'e3'], scores(['e1', '90'], ['e2', '88']))).toBeNull();
    expect(panelScore(['e1', 'e2', 'e3'], scores(['e1', '90'], ['e2', '88'], ['e3', '92']))).toBe('90.00');
    // A replaced expert's score (no longer on the panel) does not count; their replacement's does.
    expect(panelScore(['e1', 'e2', 'e5'], scores(['e1', '70'], ['e2', '70'], ['e3', '10'], ['e5', '70']))).toBe('70.00');
  });

  it('with no panel named, takes the mean of whatever scores there are (null without any)', () => {
    expect(panelScore([], [])).toBeNull();
    expect(panelScore([], scores(['e1', '80'], ['e2', '85']))).toBe(expertMean(scores(['e1', '80'], ['e2', '85'])));
  });

  it('rounds the mean half up to two places', () => {
    expect(panelScore(['a', 'b', 'c'], scores(['a', '80'], ['b', '80'], ['c', '80.01']))).toBe('80.00');
    expect(panelScore(['a', 'b'], scores(['a', '80'], ['b', '80.01']))).toBe('80.01');
  });
});

describe(computeResult.name, () => {
  const set = INDICATOR_SETS.get('xiamen-2021-114/annex-3-provisional');
  const facts = { 'registry.functions': '2' };
  const innovation = (r: ReturnType<typeof computeResult>) => (r.evaluation['indicators'] as Array<{ id: string; computed: string; flag: string | null }>).find((i) => i.id === 'innovation')!;

  it('keeps the expert indicator pending until the whole panel has scored, then counts the panel\'s mean', () => {
    const row = { facts, reportFiled: true, adjustments: [], expertPanel: ['e1', 'e2', 'e3'], expertScores: scores(['e1', '90'], ['e2', '88']) };
    expect(innovation(computeResult(set, row)).flag).toBe('expert-pending');
    const whole = computeResult(set, { ...row, expertScores: scores(['e1', '90'], ['e2', '88'], ['e3', '92']) });
    expect([innovation(whole).flag, innovation(whole).computed]).toEqual([null, '90.00']);
  });
});

describe(gatherFacts.name, () => {
  const policy = POLICIES.get('xiamen-2021-114');
  const report = (over: Partial<AnnualReportEntity>) => ({ content: { operation: { smesServed: 90, activities: 10, staff: 12, satisfaction: 0.9 } }, submittedOn: '2026-03-20', chases: 2, ...over }) as AnnualReportEntity;

  it('reads the late-report record: days after the due date and the chases before the report came (第十五条)', () => {
    const { facts } = gatherFacts(2025, report({}), null, WorkingDayCalendar.fromSnapshot(policy.calendar.data), policy);
    expect(facts['service.reportChases']).toBe('2');
    expect(Number(facts['service.reportDaysLate'])).toBeGreaterThan(0);
  });

  it('leaves the chases unknown on a report filed before they were kept, and every report fact unknown without a report', () => {
    expect(gatherFacts(2025, report({ chases: null }), null, WorkingDayCalendar.fromSnapshot(policy.calendar.data), policy).facts['service.reportChases']).toBeNull();
    const none = gatherFacts(2025, null, null, WorkingDayCalendar.fromSnapshot(policy.calendar.data), policy);
    expect([none.reportFiled, none.facts['service.reportChases'], none.facts['report.smesServed']]).toEqual([false, null, null]);
  });
});
