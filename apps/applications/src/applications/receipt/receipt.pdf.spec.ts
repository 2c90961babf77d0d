import { canonicalJson } from '@sme/persistence';
import { checkEligibility, type EligibilityFacts, XIAMEN_2021_114 } from '@sme/policy';
import { pdfText } from '@sme/testing';
import { factsFor } from '@sme/testing/facts';
import { DEFAULT_PDF_FONT } from '@sme/runtime';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPdfFont, type PdfFont } from './pdf-font';
import { beijingDateTime, eligibilityText, type ReceiptContent, receiptDigest, type ReceiptFields, type SummaryContent } from './receipt.content';
import { renderReceipt, renderSummary } from './receipt.pdf';

const CODE = '91350200MA31234567';
const fields: ReceiptFields = {
  applicationId: '3f9c1f4e-5b7a-4c1d-9e0a-1b2c3d4e5f60',
  institutionName: '厦门市鹭岛中小企业服务中心有限公司',
  creditCode: CODE,
  callYear: 2026,
  submittedAt: '2026-12-01T06:05:00.000Z',
  materials: [
    { key: 'applicationForm', files: [{ filename: '申请表（盖章）.pdf', sizeBytes: 183_456, sha256: 'a1b2c3d4e5f6'.padEnd(64, '0') }] },
    { key: 'platformIntroduction', files: [] },
    {
      key: 'supportingEvidence',
      files: [
        { filename: '附件1-申请报告.docx', sizeBytes: 912, sha256: '0123456789ab'.padEnd(64, 'f') },
        { filename: '审计报告2025.pdf', sizeBytes: 3_400_000, sha256: 'fedcba987654'.padEnd(64, '1') },
      ],
    },
  ],
};

function receiptContent(): ReceiptContent {
  return {
    fields,
    materialNames: { applicationForm: '申请表', platformIntroduction: '厦门市中小企业公共服务平台情况介绍', supportingEvidence: '相关佐证材料' },
    stage: '待补充材料（截止时间：2026年12月11日 23:59）',
    next: ['请在截止时间前上传所缺材料（厦门市中小企业公共服务平台情况介绍）并提交重新核查（第十条）；逾期未补的，申报终止。', '办理进度请登录 http://127.0.0.1:8080/my/applications（“我的申报”）查询。'],
    basis: `依据《${XIAMEN_2021_114.title.zh}》（${XIAMEN_2021_114.document}）第十条`,
    issuer: '厦门市中小企业服务中心',
    printedAt: new Date('2026-12-02T01:30:00Z'),
    digest: receiptDigest(fields),
  };
}

describe('receipt PDFs', () => {
  let font: PdfFont;

  beforeAll(() => {
    const load = loadPdfFont(DEFAULT_PDF_FONT, null);
    if (!load.ok) throw new Error(`${load.reason.en} (infra/up.sh installs fonts-wqy-microhei)`);
    font = load.font;
  });

  describe(receiptDigest.name, () => {
    it('is the SHA-256 of the canonical JSON of the fields, and changes with any of them', () => {
      expect(receiptDigest(fields)).toBe(createHash('sha256').update(canonicalJson(fields)).digest('hex'));
      expect(receiptDigest({ ...fields, institutionName: `${fields.institutionName} ` })).not.toBe(receiptDigest(fields));
      const otherFile = structuredClone(fields);
      otherFile.materials[0]!.files[0]!.sha256 = 'b'.repeat(64);
      expect(receiptDigest(otherFile)).not.toBe(receiptDigest(fields));
    });
  });

  describe(beijingDateTime.name, () => {
    it('writes Beijing time the Chinese way, whatever the server zone', () => {
      expect(beijingDateTime('2026-12-01T06:05:00Z')).toBe('2026年12月1日 14:05');
      expect(beijingDateTime(new Date('2026-12-31T16:30:00Z'))).toBe('2027年1月1日 00:30');
    });
  });

  describe(renderReceipt.name, () => {
    it('prints the receipt in Chinese with every field, each file, and the verification code, in a subset of the font', async () => {
      const sut = await renderReceipt(receiptContent(), font);
      expect(sut.subarray(0, 5).toString()).toBe('%PDF-');
      // The font is embedded as a subset (the collection is 5 MB): a reader without it sees the same glyphs.
      expect(sut.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
      expect(sut.toString('latin1')).toContain('/FontFile2');
      expect(sut.length).toBeLessThan(200_000);
      const { text, pages, info } = await pdfText(sut);
      expect(info['Title']).toBe('厦门市中小企业公共服务示范平台申报受理回执');
      expect(pages).toHaveLength(1);
      for (const expected of [
        '厦门市中小企业公共服务示范平台申报受理回执',
        fields.applicationId,
        '厦门市鹭岛中小企业服务中心有限公司',
        CODE,
        '2026年度',
        '2026年12月1日 14:05',
        '申请表（盖章）.pdf',
        '179.2 KB',
        'a1b2c3d4e5f6',
        '附件1-申请报告.docx',
        '912 字节',
        '0123456789ab',
        '审计报告2025.pdf',
        '3.2 MB',
        'fedcba987654',
        '厦门市中小企业公共服务平台情况介绍',
        '未收到',
        '待补充材料（截止时间：2026年12月11日 23:59）',
        '依据《厦门市中小企业公共服务示范平台认定管理暂行办法》（厦工信企业规〔2021〕114号）第十条',
        '出具单位：厦门市中小企业服务中心',
        '打印时间：2026年12月2日 09:30',
        receiptDigest(fields),
        '第 1 页，共 1 页',
      ]) {
        expect(text).toContain(expected);
      }
      // Only the first 12 hex of a file's digest are printed.
      expect(text).not.toContain('a1b2c3d4e5f60');
    });
  });

  describe(renderSummary.name, () => {
    const facts = factsFor(CODE, '2026-12-01') as unknown as Omit<EligibilityFacts, 'applicationDate'>;
    const summary = (decisions: number): SummaryContent => ({
      ...receiptContent(),
      next: ['专家评审已完成。'],
      contact: '王芳，wang@example.cn，13800000000',
      eligibility: eligibilityText(checkEligibility({ ...facts, applicationDate: '2026-12-01' }, XIAMEN_2021_114), { '6.1.finances': true, '6.3.premises': false }),
      siteVisit: ['现场核查表（附件2）：符合 3 项，共 4 项。', '服务对象测评满意度：90%。'],
      score: '86.50',
      decisions: Array.from({ length: decisions }, (_, i) => ({ at: new Date(Date.UTC(2026, 11, 1, 6, i)), who: `王芳（staff${i}）`, action: '录入实地考察结果', article: '第十一条', note: `第${i + 1}条记录` })),
    });

    it('prints the facts with the check per clause and per article, the site visit, the score and the decisions', async () => {
      // Lines a long cell or paragraph wraps into are read as one.
      const text = (await pdfText(await renderSummary(summary(3), font))).text.replace(/\n/g, '');
      for (const expected of [
        '厦门市中小企业公共服务示范平台申报摘要',
        '王芳，wang@example.cn，13800000000',
        '核查结论：按申报事实符合申报条件，部分条件待佐证材料及实地考察核实；实地考察核实 2 项，确认 1 项，未确认 1 项',
        '第六条第（一）项',
        '第六条第（五）项',
        '第八条第（一）项',
        '资产总额为 2,000,000 元，不低于 1,500,000 元',
        '符合（实地考察确认）',
        '不符合（实地考察未确认）',
        '待佐证材料及实地考察核实',
        '服务对象测评满意度：90%',
        '专家评审总分：86.50 分',
        '王芳（staff2）',
        '录入实地考察结果',
        '第十一条',
        '2026年12月1日 14:02',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('says per article where the site visit found a clause false', () => {
      const sut = summary(0).eligibility!;
      expect(sut.articles).toContainEqual({ article: '第六条第（三）项', result: '不符合' });
      expect(sut.articles).toContainEqual({ article: '第六条第（一）项', result: '符合' });
      expect(sut.articles).toContainEqual({ article: '第六条第（五）项', result: '待佐证材料及实地考察核实' });
    });

    it('runs onto more pages when long, numbering each and repeating nothing of a row', async () => {
      const { pages } = await pdfText(await renderSummary(summary(120), font));
      expect(pages.length).toBeGreaterThan(2);
      pages.forEach((p, i) => expect(p).toContain(`第 ${i + 1} 页，共 ${pages.length} 页`));
      const all = pages.join('\n');
      for (let i = 1; i <= 120; i++) expect(all.split(`第${i}条记录`)).toHaveLength(2);
    });
  });

  describe(loadPdfFont.name, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdf-font-'));

    it('names a missing font, in Chinese and English', () => {
      const sut = loadPdfFont(join(dir, 'none.ttc'), null);
      expect(sut).toEqual({ ok: false, reason: { zh: expect.stringContaining('none.ttc'), en: expect.stringContaining('is missing') } });
      expect(!sut.ok && sut.reason.zh).toContain('fonts-wqy-microhei');
    });

    it('refuses a file that is not a font, and a face the collection lacks', () => {
      const notFont = join(dir, 'x.ttf');
      writeFileSync(notFont, 'not a font');
      expect(loadPdfFont(notFont, null)).toMatchObject({ ok: false, reason: { en: expect.stringContaining('not a font file') } });
      expect(loadPdfFont(DEFAULT_PDF_FONT, 'NoSuchFace')).toMatchObject({ ok: false, reason: { en: expect.stringContaining('has no such face') } });
    });

    it('takes a collection face by its PostScript name, the first by default', () => {
      expect(loadPdfFont(DEFAULT_PDF_FONT, 'WenQuanYiMicroHeiMono')).toMatchObject({ ok: true, font: { face: 'WenQuanYiMicroHeiMono' } });
      expect(font.face).toBe('WenQuanYiMicroHei');
    });
  });
});
