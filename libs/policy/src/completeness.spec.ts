import { checkCompleteness, describeMissing, materialsPresence, REQUIRED_MATERIALS } from './completeness';

const PDF = 'application/pdf';
const PNG = 'image/png';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe(checkCompleteness.name, () => {
  it('is complete when a file of each material of Art. 10 was uploaded, of the kind its template asks for', () => {
    const sut = checkCompleteness([
      { kind: 'applicationForm', contentType: PNG },
      { kind: 'platformIntroduction', contentType: XLSX },
      { kind: 'supportingEvidence', contentType: DOCX },
    ]);
    expect(sut).toEqual({ complete: true, missing: [], details: [], article: '第十条' });
  });

  it('counts nothing as there with no files, whatever anyone ticked', () => {
    const sut = checkCompleteness([]);
    expect(sut.complete).toBe(false);
    expect(sut.missing).toEqual(['applicationForm', 'platformIntroduction', 'supportingEvidence']);
    expect(sut.details.map((d) => d.reason)).toEqual(['not_uploaded', 'not_uploaded', 'not_uploaded']);
  });

  it('names each missing material in the order of the article, with its clause', () => {
    const sut = checkCompleteness([{ kind: 'platformIntroduction', contentType: PDF }]);
    expect(sut.missing).toEqual(['applicationForm', 'supportingEvidence']);
    expect(sut.details.map((d) => d.article)).toEqual(['第十条第（一）项', '第十条第（三）项']);
  });

  it('does not count a file of the wrong kind for a material with a template, and says which kinds count', () => {
    const sut = checkCompleteness([
      { kind: 'applicationForm', contentType: XLSX },
      { kind: 'platformIntroduction', contentType: PNG },
      { kind: 'supportingEvidence', contentType: PNG },
    ]);
    expect(sut.missing).toEqual(['applicationForm', 'supportingEvidence']);
    expect(sut.details).toEqual([
      { key: 'applicationForm', article: '第十条第（一）项', reason: 'wrong_type', accepts: [PDF, 'image/png', 'image/jpeg'] },
      { key: 'supportingEvidence', article: '第十条第（三）项', reason: 'wrong_type', accepts: [PDF, DOCX] },
    ]);
    const text = describeMissing(sut.missing, sut.details);
    expect(text.zh).toBe('申请表（须按申报通知所附申请表（签字盖章）提交 PDF/PNG/JPEG 文件）、相关佐证材料（须按附件1 示范平台申请报告（模板）提交 PDF/Word (.docx) 文件）');
    expect(text.en).toContain('supporting evidence (Annex 1) (Annex 1, the application report (template), as PDF/Word (.docx))');
  });

  it('ignores files of kinds the article does not name', () => {
    expect(checkCompleteness([{ kind: 'selfie', contentType: PDF }]).missing).toHaveLength(REQUIRED_MATERIALS.length);
  });

  it('answers presence by the same rule', () => {
    expect(materialsPresence([{ kind: 'supportingEvidence', contentType: PDF }, { kind: 'applicationForm', contentType: XLSX }])).toEqual({
      applicationForm: false,
      platformIntroduction: false,
      supportingEvidence: true,
    });
  });

  it('names plainly what was never uploaded', () => {
    expect(describeMissing(['platformIntroduction'])).toEqual({ zh: '厦门市中小企业公共服务平台情况介绍', en: 'introduction of the platform' });
  });

  it('cites a clause of Art. 10 for every material', () => {
    for (const m of REQUIRED_MATERIALS) expect(m.article).toMatch(/^第十条第（[一二三]）项$/);
  });
});
