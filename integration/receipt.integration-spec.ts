import { canonicalJson } from '@sme/persistence';
import { makeCreditCode } from '@sme/policy';
import { pdfText, waitFor } from '@sme/testing';
import { factsFor } from '@sme/testing/facts';
import { createHash } from 'node:crypto';
import { applyWithFiles, confirmingSiteVisit, type FileToUpload, PDF } from './fixtures/apply';
import { type SystemUnderTest as System, SystemUnderTest, tokenFor } from './harness';

const THIS_YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const CODE = makeCreditCode('91350200', String((Date.now() % 1e7) * 10 + 3).padStart(8, '0').slice(-8));
const OTHER = makeCreditCode('91350200', String((Date.now() % 1e7) * 10 + 4).padStart(8, '0').slice(-8));
const NAME = '厦门市鹭岛中小企业服务中心有限公司';

/** A PDF of its own bytes (the store keeps files by digest), named as a person would name it. */
const file = (kind: string, name: string): FileToUpload => ({ kind, name, bytes: Buffer.concat([PDF, Buffer.from(`% ${name}\n`)]) });
const FILES = [
  file('applicationForm', '申请表（盖章）.pdf'),
  file('platformIntroduction', '平台情况介绍.pdf'),
  file('supportingEvidence', '附件1-申请报告.pdf'),
  file('supportingEvidence', '审计报告.pdf'),
];
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const beijing = (iso: string): string => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p['year']}年${p['month']}月${p['day']}日 ${p['hour']}:${p['minute']}`;
};

/** Text without its white space: a long cell or paragraph wraps into lines, at a space or not, and reads as one. */
const flat = (text: string): string => text.replace(/\s+/g, '');

async function get(sut: System, path: string, token: string): Promise<{ status: number; type: string; disposition: string; bytes: Buffer }> {
  const res = await fetch(`${sut.applicationsUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

async function openCall(sut: System): Promise<void> {
  const call = await sut.http('PUT', `${sut.applicationsUrl}/api/calls/${THIS_YEAR}`, { quota: 5, opensOn: `${THIS_YEAR}-01-01`, closesOn: `${THIS_YEAR}-12-31`, policyVersion: 'xiamen-2021-114' }, tokenFor('staff'));
  expect(call.status).toBe(200);
}

/**
 * The printed 受理回执 (第十条) and the application summary, over HTTP as each role gets them, read back with pdf.js:
 * what a person holding the paper would read.
 */
describe('receipt and summary PDFs', () => {
  let sut: System;
  const applicant = tokenFor('applicant', { institution: CODE });
  let application: { id: string; submittedAt: string };

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_receipt');
    await openCall(sut);
    const res = await applyWithFiles<{ id: string; submittedAt: string }>(
      sut,
      applicant,
      { creditCode: CODE, institutionName: NAME, callYear: THIS_YEAR, eligibilityFacts: factsFor(CODE), contact: { name: '王芳', email: 'wangfang@example.cn', mobile: '13800000000' } },
      FILES,
    );
    expect(res.status).toBe(201);
    application = res.body;
    // Complete and eligible on its facts, it waits for the site visit (第十一条): the stage the receipt will name.
    await waitFor('the application to await its site visit', async () => {
      const view = await sut.http<{ status: { stage: string } | null }>('GET', `${sut.applicationsUrl}/api/applications/${application.id}`, undefined, applicant);
      return view.body.status?.stage === 'awaiting_site_visit';
    }, 60_000, 250);
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  /** The verification code, computed here from what was sent: the application and exactly the files received. */
  const expectedCode = (): string =>
    sha256(
      canonicalJson({
        applicationId: application.id,
        institutionName: NAME,
        creditCode: CODE,
        callYear: THIS_YEAR,
        submittedAt: application.submittedAt,
        materials: ['applicationForm', 'platformIntroduction', 'supportingEvidence'].map((key) => ({
          key,
          files: FILES.filter((f) => f.kind === key).map((f) => ({ filename: f.name, sizeBytes: f.bytes.length, sha256: sha256(f.bytes) })),
        })),
      }),
    );

  it('gives the applicant its receipt: the application, each file received, the stage, what comes next, and a verification code the system recomputes', async () => {
    const res = await get(sut, `/api/applications/${application.id}/receipt.pdf`, applicant);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.disposition).toContain(`attachment; filename*=UTF-8''${encodeURIComponent(`受理回执-${application.id}.pdf`)}`);
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const read = await pdfText(res.bytes);
    const text = flat(read.text);
    expect(read.info['Title']).toBe('厦门市中小企业公共服务示范平台申报受理回执');
    for (const expected of [
      '厦门市中小企业公共服务示范平台申报受理回执',
      application.id,
      NAME,
      CODE,
      `${THIS_YEAR}年度`,
      `提交时间 ${beijing(application.submittedAt)}`,
      '申请表',
      '厦门市中小企业公共服务平台情况介绍',
      '相关佐证材料',
      ...FILES.flatMap((f) => [f.name, sha256(f.bytes).slice(0, 12)]),
      '待实地考察',
      '实地考察',
      'http://127.0.0.1:8080/my/applications',
      '依据《厦门市中小企业公共服务示范平台认定管理暂行办法》（厦工信企业规〔2021〕114号）第十条',
      '出具单位：厦门市中小企业服务中心',
      '打印时间：',
    ]) {
      expect(text).toContain(flat(expected));
    }
    const code = /核验码（SHA-256）([0-9a-f]{64})/.exec(text)?.[1];
    expect(code).toBe(expectedCode());
    // Printed again, the content fields and so the code are the same.
    expect((await pdfText((await get(sut, `/api/applications/${application.id}/receipt.pdf`, tokenFor('auditor'))).bytes)).text).toContain(code);
  });

  it("answers another institution's applicant as if the application did not exist", async () => {
    const res = await get(sut, `/api/applications/${application.id}/receipt.pdf`, tokenFor('applicant', { institution: OTHER }));
    expect(res.status).toBe(404);
    expect((JSON.parse(res.bytes.toString()) as { type: string }).type).toMatch(/\/application-not-found$/);
  });

  it('gives staff the summary for the file: the facts checked clause by clause, the contact, the materials, the site visit and the decisions', async () => {
    const staff = tokenFor('staff');
    const waiting = await sut.http<{ status: { eligibility?: { pending?: Array<{ id: string }> } | null } }>('GET', `${sut.applicationsUrl}/api/applications/${application.id}`, undefined, staff);
    const visit = await sut.http('POST', `${sut.applicationsUrl}/api/applications/${application.id}/site-visit`, confirmingSiteVisit(waiting.body.status, ['00000000-0000-4000-8000-00000000e001']), staff);
    expect(visit.status).toBe(201);
    const confirmed = waiting.body.status.eligibility?.pending?.length ?? 0;
    expect(confirmed).toBeGreaterThan(0);
    const res = await get(sut, `/api/applications/${application.id}/summary.pdf`, staff);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    const text = flat((await pdfText(res.bytes)).text);
    for (const expected of [
      '厦门市中小企业公共服务示范平台申报摘要',
      application.id,
      NAME,
      '王芳，wangfang@example.cn，13800000000',
      `核查结论：按申报事实符合申报条件，部分条件待佐证材料及实地考察核实；实地考察核实 ${confirmed} 项，确认 ${confirmed} 项，未确认 0 项`,
      // Per article, with what the site visit confirmed (第十一条).
      '第六条第（一）项 符合',
      '具有独立法人资格 符合',
      '资产总额为 2,000,000 元，不低于 1,500,000 元 符合',
      '第六条第（五）项',
      '从事中小企业服务人员为 20人，达到 10人以上的要求',
      '第八条 符合',
      ...FILES.map((f) => f.name),
      '服务对象测评满意度：90%',
      '考察意见：现场核查情况属实。',
      '尚未完成专家评分',
      // The record of decisions (the audit trail of the application): who, what, and the article.
      'test-applicant 提交申报 第十条',
      'test-staff 录入实地考察结果 第十一条',
      expectedCode(),
    ]) {
      expect(text).toContain(flat(expected));
    }
    expect(text).toMatch(/现场核查表（附件2）：符合3项，共\d+项/);
    expect(text).toContain('财务收支状况良好、经营规范（审计报告）符合（实地考察确认）');
  });

  it('keeps the summary from applicants, even of their own application', async () => {
    const res = await get(sut, `/api/applications/${application.id}/summary.pdf`, applicant);
    expect(res.status).toBe(403);
    expect((JSON.parse(res.bytes.toString()) as { type: string }).type).toMatch(/\/forbidden$/);
  });
});

describe('receipt PDFs without the Chinese font', () => {
  let sut: System;

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_receipt_nofont', { PDF_FONT: '/nonexistent/wqy-microhei.ttc' });
    await openCall(sut);
  }, 180_000);

  afterAll(async () => {
    await sut?.stop();
  });

  it('refuses with 503 naming the missing font, never a PDF of empty glyphs', async () => {
    const res = await applyWithFiles(sut, tokenFor('applicant', { institution: CODE }), { creditCode: CODE, institutionName: NAME, callYear: THIS_YEAR, eligibilityFacts: factsFor(CODE) });
    expect(res.status).toBe(201);
    const receipt = await get(sut, `/api/applications/${res.body.id}/receipt.pdf`, tokenFor('applicant', { institution: CODE }));
    expect(receipt.status).toBe(503);
    expect(receipt.type).toContain('application/problem+json');
    const problem = JSON.parse(receipt.bytes.toString()) as { type: string; message: { zh: string; en: string } };
    expect(problem.type).toMatch(/\/pdf-font-missing$/);
    expect(problem.message.zh).toContain('/nonexistent/wqy-microhei.ttc');
    expect(problem.message.zh).toContain('fonts-wqy-microhei');
    expect(problem.message.en).toContain('/nonexistent/wqy-microhei.ttc');
    expect((await get(sut, `/api/applications/${res.body.id}/summary.pdf`, tokenFor('staff'))).status).toBe(503);
  });
});
