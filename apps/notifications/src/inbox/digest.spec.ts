import { DIGEST_LISTED, DIGESTS, renderDigest } from './digest';

describe('renderDigest', () => {
  const t = (i: number) => ({ zh: `机构${i}2025年度报告逾期`, en: `Inst ${i}: 2025 report overdue` });

  it('counts every gathered escalation in the title and names each, with its article', () => {
    const d = renderDigest('report.overdue', 2, [t(1), t(2)]);
    expect(d.title).toEqual({ zh: '年度报告逾期（2项）', en: 'Annual reports overdue (2)' });
    expect(d.body.zh.split('\n')).toEqual(['以下 2 项年度报告逾期（第十五条），请跟进：', `1. ${t(1).zh}`, `2. ${t(2).zh}`]);
    expect(d.body.en).toContain('(第十五条)');
  });

  it(`names the first ${DIGEST_LISTED} and counts the rest, so 3,000 late reports make one readable message`, () => {
    const listed = Array.from({ length: DIGEST_LISTED }, (_, i) => t(i + 1));
    const d = renderDigest('report.overdue', 3000, listed);
    const lines = d.body.zh.split('\n');
    expect(lines).toHaveLength(1 + DIGEST_LISTED + 1);
    expect(lines.at(-1)).toBe(`……另有 ${3000 - DIGEST_LISTED} 项，请登录系统查看`);
    expect(d.title.zh).toBe('年度报告逾期（3000项）');
  });

  it('refuses a kind that is not gathered', () => {
    expect(Object.keys(DIGESTS)).toEqual(['report.overdue', 'rectification.overdue']);
    expect(() => renderDigest('report.reminder', 1, [t(1)])).toThrow('no digest for report.reminder');
  });
});
