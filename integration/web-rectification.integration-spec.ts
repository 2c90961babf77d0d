import { DEV_INSTITUTION } from '@sme/auth';
import { WorkflowIds } from '@sme/contracts';
import { infraEnv, smallFirms, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { WebUnderTest } from './browser';
import { fileAnnualReport } from './fixtures/reports';
import { evaluationSeasonOpen, OUT_OF_SEASON } from './fixtures/seasons';
import { forgetWorkflow } from './fixtures/workflows';
import { type SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff', { username: 'wang' });
const BUREAU = tokenFor('bureau', { username: 'li' });
const APPLICANT = tokenFor('applicant', { institution: DEV_INSTITUTION });
const THIS_YEAR = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
const YEAR = THIS_YEAR - 1;

if (!evaluationSeasonOpen()) process.stderr.write(`web-rectification.integration-spec skipped: ${OUT_OF_SEASON}\n`);

/**
 * The annual report and the evaluation's consequence as staff and the platform live them in the browser: staff return
 * the demo platform's report for correction and the platform reads why on its own page; the platform files again; the
 * evaluation rates it 整改 (第十九条); the platform files its rectification report from its page; staff close the case.
 * The evaluation between runs over the API (the browser's part of it is in web.integration-spec).
 */
(evaluationSeasonOpen() ? describe : describe.skip)('web: a report returned for correction and a rectification, in the browser', () => {
  let w: WebUnderTest;
  let sut: SystemUnderTest;
  let base: string;
  let page: Page;
  let connection: Connection;
  let temporal: TemporalClient;
  const api = (path: string) => `${sut.applicationsUrl}${path}`;

  beforeAll(async () => {
    w = await WebUnderTest.start('it_web_rectification', { shotPrefix: 'rect-' });
    ({ sut, base, page } = w);
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    // The demo platform and last year's evaluation are shared ids in the namespace: this file starts them afresh.
    for (const id of [WorkflowIds.platform(DEV_INSTITUTION), WorkflowIds.annualEvaluation(YEAR)]) await forgetWorkflow(temporal, id);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('往年示范平台');
    ws.addRow(['统一社会信用代码', '机构名称', '认定日期', '服务功能']);
    ws.addRow([DEV_INSTITUTION, '厦门市示范服务中心（演示）', `${THIS_YEAR - 2}-06-05`, '信息服务、培训服务']);
    const form = new FormData();
    form.set('file', new Blob([Buffer.from(await wb.xlsx.writeBuffer())]), 'platforms.xlsx');
    const imported = await fetch(api('/api/platform-imports'), { method: 'POST', body: form, headers: { authorization: `Bearer ${STAFF}` } });
    expect(imported.status).toBeLessThan(300);
    await waitFor('the platform answers', async () => ((await sut.http('GET', api(`/api/platforms/${DEV_INSTITUTION}`), undefined, STAFF)).status === 200 ? true : undefined), 60_000, 300);
  }, 240_000);

  afterAll(async () => {
    for (const id of [WorkflowIds.annualEvaluation(YEAR), WorkflowIds.platform(DEV_INSTITUTION)]) await temporal?.workflow.getHandle(id).terminate('web test clean-up').catch(() => undefined);
    await connection?.close();
    await w?.stop();
  });

  it('staff return the report and the platform reads why; rated 整改, the platform files its rectification and staff close it', async () => {
    expect((await fileAnnualReport(sut, APPLICANT, DEV_INSTITUTION, { rows: smallFirms(95, 71) })).status).toBe(201);

    // Staff return it for correction, with the reason (第十五条).
    await w.signIn('staff');
    await page.goto(`${base}/platforms?open=${DEV_INSTITUTION}`);
    await page.getByTestId(`report-return-${YEAR}`).click();
    await w.fill('act-reason', '服务企业名单与年度工作总结的企业数不一致，请核对');
    await page.getByTestId('act-submit').click();
    await page.locator('.platform-decided').filter({ hasText: '已退回' }).waitFor({ timeout: 30_000 });
    await w.signOut();

    // The platform reads why on its own page, where the form opens on the returned year again.
    await w.signIn('applicant');
    await page.getByRole('link', { name: '我的示范平台' }).click();
    await page.getByTestId('report-returned').filter({ hasText: '企业数不一致' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('r-reportYear').innerText()).toBe(String(YEAR));
    await w.shot('01-report-returned');
    await w.signOut();
    expect((await fileAnnualReport(sut, APPLICANT, DEV_INSTITUTION, { rows: smallFirms(95, 71) })).status).toBe(201);

    // The evaluation (over the API): three experts score the qualitative indicator 70; the bureau approves. 95 SMEs
    // served and a report filed months after February total 73.50: 整改.
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/start`), undefined, STAFF)).status).toBe(201);
    await waitFor('the results reach staff', async () => ((await sut.http<{ stage: string }>('GET', api(`/api/evaluations/${YEAR}`), undefined, STAFF)).body.stage === 'reviewing' ? true : undefined), 60_000, 300);
    const experts: string[] = [];
    for (const name of ['整改考核专家甲', '整改考核专家乙', '整改考核专家丙']) experts.push((await sut.http<{ id: string }>('POST', `${sut.scoringUrl}/api/experts`, { name, fields: ['信息服务'] }, STAFF)).body.id);
    expect((await sut.http('POST', `${sut.scoringUrl}/api/evaluations/${YEAR}/panel`, { expertIds: experts }, STAFF)).status).toBe(201);
    for (const id of experts) {
      const t = tokenFor('expert', { expertId: id });
      const [task] = (await sut.http<Array<{ id: string }>>('GET', `${sut.scoringUrl}/api/evaluation-assignments`, undefined, t)).body;
      expect((await sut.http('POST', `${sut.scoringUrl}/api/evaluation-assignments/${task!.id}/declaration`, { noConflict: true }, t)).status).toBe(201);
      expect((await sut.http('POST', `${sut.scoringUrl}/api/evaluation-assignments/${task!.id}/score`, { score: '70' }, t)).status).toBe(201);
    }
    const results = await sut.http<{ rows: Array<{ creditCode: string; total: string; outcome: string }> }>('GET', api(`/api/evaluations/${YEAR}/results`), undefined, STAFF);
    expect(results.body.rows.find((r) => r.creditCode === DEV_INSTITUTION)).toMatchObject({ total: '73.50', outcome: 'rectify' });
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/submission`), undefined, STAFF)).status).toBe(200);
    await waitFor('with the bureau', async () => ((await sut.http<{ stage: string }>('GET', api(`/api/evaluations/${YEAR}`), undefined, STAFF)).body.stage === 'approval' ? true : undefined), 30_000, 200);
    expect((await sut.http('POST', api(`/api/evaluations/${YEAR}/decision`), { decision: 'approve' }, BUREAU)).status).toBe(200);

    // The platform files its rectification report from its page (第十九条 整改), within the deadline shown.
    await w.signIn('applicant');
    await page.getByRole('link', { name: '我的示范平台' }).click();
    await page.getByTestId('rectification-card').waitFor({ timeout: 60_000 });
    await page.getByTestId('rectification-submit').click();
    await page.getByText('必填').first().waitFor();
    await w.fill('rectification-text', '已补充服务人员3名，建立服务企业回访制度，服务企业名单已逐一核实。');
    await w.shot('02-rectification-card');
    await page.getByTestId('rectification-submit').click();
    await page.getByTestId('rectification-filed').waitFor({ timeout: 30_000 });
    await w.signOut();
    // Staff find it by its stage in the list (the filter refused 'rectifying' with a 400 before).
    await waitFor('listed as rectifying', async () => {
      const listed = await sut.http<Array<{ creditCode: string }>>('GET', api('/api/platforms?stage=rectifying'), undefined, STAFF);
      expect(listed.status).toBe(200);
      return listed.body.some((p) => p.creditCode === DEV_INSTITUTION) ? true : undefined;
    }, 30_000, 300);

    // Staff read it and close the case.
    await w.signIn('staff');
    await page.goto(`${base}/platforms?open=${DEV_INSTITUTION}`);
    await page.getByTestId('rectification').filter({ hasText: '已补充服务人员3名' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('act-rectification').click();
    await w.choose('rectification-decision', '整改通过（结案）');
    await w.fill('act-reason', '经复核，整改措施已落实');
    await page.getByTestId('act-submit').click();
    await page.locator('.platform-decided').waitFor({ timeout: 30_000 });
    await w.shot('03-rectification-closed');
    await waitFor('the case is closed', async () => {
      const s = await sut.http<{ stage: string; rectification: { state: string } }>('GET', api(`/api/platforms/${DEV_INSTITUTION}`), undefined, STAFF);
      return s.body.rectification?.state === 'closed' && s.body.stage !== 'rectifying' ? true : undefined;
    }, 30_000, 300);
  });
});
