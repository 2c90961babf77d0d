import fc from 'fast-check';
import { aggregatePanel, evaluationPanelProblem, panelSizeProblem, rankCandidates, RubricError, rubricTotal } from './panel';
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
    // Exactly at the flag (population SD 10.00) is not above it; a hundredth further is.
    expect(aggregatePanel(['80', '100'], XIAMEN_2021_114).dispersed).toBe(false);
    expect(aggregatePanel(['80', '100.01'], XIAMEN_2021_114).dispersed).toBe(true);
    expect(aggregatePanel(['70.1', '80.1', '90.1', '70.1', '90.1'], XIAMEN_2021_114).dispersed).toBe(false);
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
  const zero = { performance: 0, capability: 0, management: 0, staff: 0, functions: 0, innovation: 0 };
  const catchRubric = (f: () => unknown): RubricError => {
    try {
      f();
    } catch (err) {
      if (err instanceof RubricError) return err;
      throw err;
    }
    throw new Error('expected a RubricError');
  };

  it('sums the rubric of the policy version', () => {
    expect(rubricTotal(full, XIAMEN_2021_114)).toBe('100.00');
    expect(rubricTotal({ ...full, innovation: 7.5 }, XIAMEN_2021_114)).toBe('97.50');
  });

  it.each([
    [8.2, '8.20'],
    [0.29, '0.29'],
    [1.13, '1.13'],
    [4.35, '4.35'],
    [19.99, '19.99'],
  ])('takes %p, a decimal with two places that binary floats cannot hold exactly', (value, total) => {
    const sut = rubricTotal({ ...zero, performance: value }, XIAMEN_2021_114);
    expect(sut).toBe(total);
  });

  it('takes decimal strings as well as numbers, and sums them exactly', () => {
    expect(rubricTotal({ performance: '8.2', capability: 0.29, management: '1.13', staff: 4.35, functions: '19.99', innovation: 0.07 }, XIAMEN_2021_114)).toBe('34.03');
  });

  it('takes a criterion at its maximum (25 of 25) and refuses 25.01, as a number or a string', () => {
    expect(rubricTotal({ ...zero, performance: 25 }, XIAMEN_2021_114)).toBe('25.00');
    expect(rubricTotal({ ...zero, performance: '25.00' }, XIAMEN_2021_114)).toBe('25.00');
    expect(catchRubric(() => rubricTotal({ ...zero, performance: 25.01 }, XIAMEN_2021_114))).toMatchObject({ criterion: 'performance' });
    expect(catchRubric(() => rubricTotal({ ...zero, performance: '25.01' }, XIAMEN_2021_114))).toMatchObject({ criterion: 'performance' });
  });

  it.each([[8.205], ['8.205'], [1e-7], ['1e1'], [Number.NaN], [Number.POSITIVE_INFINITY], [-1], ['-0.5'], [''], ['eight']])(
    'refuses %p with the reason in Chinese and English (RubricError)',
    (value) => {
      const sut = catchRubric(() => rubricTotal({ ...zero, capability: value as number }, XIAMEN_2021_114));
      expect(sut.criterion).toBe('capability');
      expect(sut.reason.zh).toContain('最多两位小数');
      expect(sut.reason.en).toContain('at most two places');
      expect(sut.message).toBe(`${sut.reason.zh} / ${sut.reason.en}`);
    },
  );

  it('refuses a score above a criterion maximum, a missing or an unknown criterion', () => {
    expect(() => rubricTotal({ ...full, staff: 11 }, XIAMEN_2021_114)).toThrow(/staff/);
    const { staff: _drop, ...missing } = full;
    expect(catchRubric(() => rubricTotal(missing, XIAMEN_2021_114))).toMatchObject({ criterion: 'staff', reason: { zh: '缺少评分项 staff', en: 'missing score for staff' } });
    expect(catchRubric(() => rubricTotal({ ...full, charm: 5 }, XIAMEN_2021_114))).toMatchObject({ criterion: 'charm', reason: { en: 'unknown rubric criterion charm' } });
  });

  it('property: any scores of whole hundredths within the maxima are taken, and their total is the exact sum', () => {
    const criteria = XIAMEN_2021_114.rubric.criteria;
    fc.assert(fc.property(fc.tuple(...criteria.map((c) => fc.integer({ min: 0, max: c.maxScore * 100 }))), fc.boolean(), (hs, asStrings) => {
      const scores = Object.fromEntries(criteria.map((c, i) => {
        const d = `${Math.floor(hs[i]! / 100)}.${String(hs[i]! % 100).padStart(2, '0')}`;
        return [c.id, asStrings ? d : Number(d)];
      }));
      const sum = hs.reduce((a, b) => a + b, 0);
      expect(rubricTotal(scores, XIAMEN_2021_114)).toBe(`${Math.floor(sum / 100)}.${String(sum % 100).padStart(2, '0')}`);
    }));
  });

  it('property: one hundredth above a maximum is refused, the maximum itself is taken', () => {
    const criteria = XIAMEN_2021_114.rubric.criteria;
    fc.assert(fc.property(fc.constantFrom(...criteria), (c) => {
      const at = { ...zero, [c.id]: c.maxScore };
      expect(rubricTotal(at, XIAMEN_2021_114)).toBe(`${c.maxScore}.00`);
      expect(catchRubric(() => rubricTotal({ ...zero, [c.id]: c.maxScore + 0.01 }, XIAMEN_2021_114)).criterion).toBe(c.id);
    }));
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

describe(panelSizeProblem.name, () => {
  it('takes a panel of minExperts (5 under xiamen-2021-114) and refuses one fewer, saying both numbers', () => {
    expect(XIAMEN_2021_114.panel.minExperts).toBe(5);
    expect(panelSizeProblem(5, XIAMEN_2021_114)).toBeNull();
    expect(panelSizeProblem(15, XIAMEN_2021_114)).toBeNull();
    expect(panelSizeProblem(4, XIAMEN_2021_114)).toEqual({
      zh: '评审专家不少于 5 名（第十二条，政策版本默认值），现指派 4 名',
      en: "a panel needs at least 5 experts (Art. 12, the policy version's default); 4 named",
    });
  });

  it('refuses a panel of one even under a version whose minimum is one', () => {
    const lax = { panel: { minExperts: 1 } };
    expect(panelSizeProblem(1, lax)).not.toBeNull();
    expect(panelSizeProblem(2, lax)).toBeNull();
  });

  it('property: a panel is refused exactly below the larger of two and minExperts', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (experts, minExperts) => {
      expect(panelSizeProblem(experts, { panel: { minExperts } }) === null).toBe(experts >= Math.max(2, minExperts));
    }));
  });

  it('a full panel under the default is always aggregated by the trimmed mean', () => {
    expect(XIAMEN_2021_114.panel.minExperts).toBeGreaterThanOrEqual(XIAMEN_2021_114.aggregation.trimWhenAtLeast);
  });
});

describe(evaluationPanelProblem.name, () => {
  it('asks for evaluation.minExperts (3 under xiamen-2021-114) experts without a conflict on each platform, and never fewer than two', () => {
    expect(XIAMEN_2021_114.evaluation.minExperts).toBe(3);
    expect(evaluationPanelProblem(3, XIAMEN_2021_114)).toBeNull();
    expect(evaluationPanelProblem(2, XIAMEN_2021_114)?.en).toBe("each platform needs at least 3 experts without a conflict (the policy version's default); only 2");
    expect(evaluationPanelProblem(1, { evaluation: { ...XIAMEN_2021_114.evaluation, minExperts: 1 } })).not.toBeNull();
  });
});
