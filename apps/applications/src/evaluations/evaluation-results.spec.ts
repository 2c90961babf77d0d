import { INDICATOR_SETS } from '@sme/policy';
import { computeResult, expertMean, panelScore } from './evaluation-results';

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
