import { awardSignalWithStart, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { makeCreditCode } from '@sme/policy';
import { annualReportBody, infraEnv, type ServedRow, servedListXlsx, smallFirms, waitFor } from '@sme/testing';
import { Client as TemporalClient, Connection, WorkflowNotFoundError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { PDF } from './fixtures/apply';
import { type ServedListView, uploadReportFile } from './fixtures/reports';
import { SystemUnderTest, tokenFor } from './harness';

const STAFF = tokenFor('staff', { username: 'wang' });
const BUREAU = tokenFor('bureau', { username: 'li' });
const applicant = (institution: string) => tokenFor('applicant', { institution });
const run = Date.now() % 1e7;
const A = makeCreditCode('91350200', String(run * 10 + 3).padStart(8, '0').slice(-8));
const B = makeCreditCode('91350200', String(run * 10 + 4).padStart(8, '0').slice(-8));
const THIS_YEAR = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));

interface Problem { status: number; type: string; article?: string; message: { zh: string; en: string }; errors?: Array<{ field: string }> }
interface Form { reportYear: number | null; returned: { reason: string; revision: number } | null; servedList: ServedListView | null; attachments: Array<{ id: string; sha256: string }> }
interface Filed { report: { id: string; reportYear: number; revision: number; status: string; content: { served: { smes: number; refused: number; listSha256: string }; attachments: Array<{ sha256: string }> } } }
const slug = (p: Problem) => p.type.split('/').pop();

/**
 * The annual report (第十五条) as a platform, staff and the bureau meet it over HTTP on the real stack: the form fixes
 * the year, the served-enterprise list is checked row by row and sized under 300号 (第二十条), attachments are kept by
 * digest, staff return a report for correction (the platform's inbox says why; the earlier version is kept), and the
 * bureau publishes the public summary anyone can read.
 */
describe('annual report: form, served list, return for correction, public summary', () => {
  let sut: SystemUnderTest;
  let connection: Connection;
  let temporal: TemporalClient;
  const api = (path: string) => `${sut.applicationsUrl}${path}`;
  const own = applicant(A);

  beforeAll(async () => {
    sut = await SystemUnderTest.start('it_annual_report');
    connection = await Connection.connect({ address: infraEnv()['TEMPORAL_ADDRESS'] });
    temporal = new TemporalClient({ connection, namespace: 'sme-test' });
    // A title listed two years ago: its report on last year is owed now.
    const award = awardSignalWithStart({ callYear: THIS_YEAR - 2, creditCode: A, institutionName: '厦门市年报测试服务中心', awardedOn: `${THIS_YEAR - 2}-06-30`, listYear: THIS_YEAR - 2, policyVersion: 'xiamen-2021-114' });
    await temporal.workflow.signalWithStart(WorkflowTypes.platform, { ...award, workflowIdConflictPolicy: 'TERMINATE_EXISTING' });
    await waitFor('the platform answers', async () => ((await sut.http('GET', api(`/api/platforms/${A}`), undefined, own)).status === 200 ? true : undefined), 30_000, 200);
  }, 180_000);

  afterAll(async () => {
    await temporal?.workflow.getHandle(WorkflowIds.platform(A)).terminate('integration test clean-up').catch((err: unknown) => {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
    await connection?.close();
    await sut?.stop();
  });

  it('fixes the year, sizes the served list row by row, and files the report with the counts the system made', async () => {
    const form = await sut.http<Form>('GET', api(`/api/platforms/${A}/reports/form`), undefined, own);
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ reportYear: THIS_YEAR - 1, returned: null, servedList: null });
    expect((await sut.http('GET', api(`/api/platforms/${A}/reports/form`), undefined, applicant(B))).status).toBe(403);

    // The template anyone may download: the list sheet's headers are the ones the upload reads.
    const template = await fetch(api('/api/reports/served-list-template.xlsx'));
    expect(template.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await template.arrayBuffer()) as never);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, '统一社会信用代码', '企业名称', '国民经济行业代码', '从业人员（人）', '营业收入（万元）', '资产总额（万元）']);

    // A list with bad rows: each is named with its reason and not counted.
    const firms = smallFirms(40, 11);
    const rows: ServedRow[] = [
      ...firms,
      [makeCreditCode('91350200', 'MB000001'), '大型制造企业', 'C39', 2000, '50000'],
      ['91350200MA00000000', '代码有误企业', 'C39', 10, '100'],
      [firms[0]![0], '重复企业', 'C39', 10, '100'],
      [makeCreditCode('91350200', 'MB000002'), '建筑企业', 'E48', 10, '400'],
      [makeCreditCode('91350200', 'MB000003'), '人数有误企业', 'C39', '十二', '100'],
    ];
    const list = await uploadReportFile<ServedListView>(sut, own, A, 'served-list', await servedListXlsx(rows), '服务企业名单.xlsx');
    expect(list.status).toBe(200);
    expect(list.body.counts).toEqual({ rows: 45, refused: 4, medium: 0, small: 40, micro: 0, large: 1, smes: 40 });
    expect(list.body.errors.map((e) => [e.row, e.field])).toEqual([[43, 'creditCode'], [44, 'creditCode'], [45, 'assetsWan'], [46, 'employees']]);
    const notAList = await uploadReportFile<Problem>(sut, own, A, 'served-list', PDF, 'list.pdf');
    expect([notAList.status, slug(notAList.body)]).toEqual([422, 'served-list-sheet']);
    expect((await sut.http<Form>('GET', api(`/api/platforms/${A}/reports/form`), undefined, own)).body.servedList!.id).toBe(list.body.id);

    const attachment = await uploadReportFile<{ id: string; sha256: string }>(sut, own, A, 'attachments', PDF, '年度工作总结.pdf');
    expect(attachment.status).toBe(201);

    // Refusals name themselves: a year the user typed, figures that contradict each other, a list not uploaded here.
    const post = (body: Record<string, unknown>, token = own) => sut.http<Problem>('POST', api(`/api/platforms/${A}/reports`), body, token);
    const typed = await post(annualReportBody(list.body.id, { reportYear: THIS_YEAR }));
    expect([typed.status, slug(typed.body), typed.body.article]).toEqual([422, 'report-year-fixed', '第十五条']);
    const contradicting = await post(annualReportBody(list.body.id, { satisfaction: { surveyed: 10, satisfied: 11 }, staff: { total: 5, qualified: 6 } }));
    expect(contradicting.status).toBe(422);
    expect(contradicting.body.errors!.map((e) => e.field)).toEqual(['satisfaction.satisfied', 'staff.qualified']);
    const foreign = await post(annualReportBody('00000000-0000-4000-8000-000000000000'));
    expect([foreign.status, slug(foreign.body)]).toEqual([422, 'served-list-missing']);
    expect((await post(annualReportBody(list.body.id), applicant(B))).status).toBe(403);

    const filed = await sut.http<Filed>('POST', api(`/api/platforms/${A}/reports`), annualReportBody(list.body.id, { attachmentIds: [attachment.body.id] }), own);
    expect(filed.status).toBe(201);
    expect(filed.body.report).toMatchObject({ reportYear: THIS_YEAR - 1, revision: 1, status: 'filed', content: { served: { smes: 40, refused: 4, listSha256: list.body.sha256 }, attachments: [{ sha256: attachment.body.sha256 }] } });
    await waitFor('the platform workflow records the report', async () => ((await sut.http<{ reports: Record<string, unknown> }>('GET', api(`/api/platforms/${A}`), undefined, own)).body.reports[String(THIS_YEAR - 1)] ? true : undefined), 10_000, 200);
    // Nothing more is owed: the form says so and a second filing is refused.
    expect((await sut.http<Form>('GET', api(`/api/platforms/${A}/reports/form`), undefined, own)).body.reportYear).toBeNull();
    expect(slug((await post(annualReportBody(list.body.id))).body)).toBe('report-exists');

    // Staff and the bureau read the attachment as filed, by its digest.
    const file = await fetch(api(`/api/platforms/${A}/reports/files/${attachment.body.id}`), { headers: { authorization: `Bearer ${STAFF}` } });
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('lets staff return the report with a reason the platform reads in its inbox, and keeps the version before', async () => {
    const year = THIS_YEAR - 1;
    expect((await sut.http('POST', api(`/api/platforms/${A}/reports/${year}/return`), { reason: '自行退回' }, own)).status).toBe(403);
    const empty = await sut.http<Problem>('POST', api(`/api/platforms/${A}/reports/${year}/return`), { reason: '' }, STAFF);
    expect(empty.status).toBe(400);
    const returned = await sut.http<{ status: string; returnedReason: string }>('POST', api(`/api/platforms/${A}/reports/${year}/return`), { reason: '服务企业名单有误行，请核对后重新报送' }, STAFF);
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnedReason: '服务企业名单有误行，请核对后重新报送' });

    const notice = await waitFor('the platform is told', async () => {
      const inbox = await sut.http<Array<{ kind: string; body: { zh: string } }>>('GET', `${sut.notificationsUrl}/api/notifications`, undefined, own);
      return inbox.body.find((n) => n.kind === 'report.returned');
    }, 30_000, 200);
    expect(notice.body.zh).toContain('服务企业名单有误行');

    const form = await sut.http<Form>('GET', api(`/api/platforms/${A}/reports/form`), undefined, own);
    expect(form.body).toMatchObject({ reportYear: year, returned: { reason: '服务企业名单有误行，请核对后重新报送', revision: 1 } });
    const fixed = await uploadReportFile<ServedListView>(sut, own, A, 'served-list', await servedListXlsx(smallFirms(85, 12)), '服务企业名单（修改）.xlsx');
    expect(fixed.body.counts).toMatchObject({ smes: 85, refused: 0 });
    const corrected = await sut.http<Filed>('POST', api(`/api/platforms/${A}/reports`), annualReportBody(fixed.body.id), own);
    expect(corrected.status).toBe(201);
    expect(corrected.body.report).toMatchObject({ revision: 2, status: 'filed', content: { served: { smes: 85 } } });
    const kept = await sut.query<{ revision: number; smes: number; returned_reason: string }>(
      `SELECT revision, (content->'served'->>'smes')::int AS smes, returned_reason FROM applications.annual_report_revision WHERE report_id = $1`,
      [corrected.body.report.id],
    );
    expect(kept).toEqual([{ revision: 1, smes: 40, returned_reason: '服务企业名单有误行，请核对后重新报送' }]);
    const trail = await sut.query<{ action: string }>(`SELECT action FROM applications.audit_event WHERE entity_type = 'platform' AND entity_id = $1 ORDER BY seq`, [A]);
    expect(trail.map((t) => t.action)).toEqual(expect.arrayContaining(['platform.report_submitted', 'platform.report_returned', 'platform.report_corrected']));
  });

  it('publishes the public summary only when the bureau chooses to, for anyone to read', async () => {
    const year = THIS_YEAR - 1;
    expect((await sut.http<unknown[]>('GET', api(`/api/public/report-summaries?year=${year}`))).body).toEqual([]);
    expect((await sut.http('POST', api(`/api/platforms/${A}/reports/${year}/publication`), {}, STAFF)).status).toBe(403);
    const published = await sut.http<{ smesServed: number; note: string }>('POST', api(`/api/platforms/${A}/reports/${year}/publication`), { note: '服务成效显著。' }, BUREAU);
    expect(published.status).toBe(200);
    const list = await sut.http<Array<{ creditCode: string; institutionName: string; smesServed: number; satisfactionPercent: string; note: string }>>('GET', api(`/api/public/report-summaries?year=${year}`));
    expect(list.body).toEqual([expect.objectContaining({ creditCode: A, institutionName: '厦门市年报测试服务中心', smesServed: 85, satisfactionPercent: '92.00', note: '服务成效显著。' })]);
  });
});
