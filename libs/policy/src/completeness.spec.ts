import { checkCompleteness, REQUIRED_MATERIALS } from './completeness';

describe(checkCompleteness.name, () => {
  it('is complete when every material of Art. 10 is present', () => {
    const sut = checkCompleteness({ applicationForm: true, platformIntroduction: true, supportingEvidence: true });
    expect(sut).toEqual({ complete: true, missing: [], article: '第十条' });
  });

  it('names each missing material in the order of the article', () => {
    const sut = checkCompleteness({ platformIntroduction: true });
    expect(sut.complete).toBe(false);
    expect(sut.missing).toEqual(['applicationForm', 'supportingEvidence']);
  });

  it('treats anything but an explicit true as missing', () => {
    const sut = checkCompleteness({ applicationForm: false });
    expect(sut.missing).toHaveLength(REQUIRED_MATERIALS.length);
  });

  it('cites a clause of Art. 10 for every material', () => {
    for (const m of REQUIRED_MATERIALS) expect(m.article).toMatch(/^第十条第（[一二三]）项$/);
  });
});
