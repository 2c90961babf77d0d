import ExcelJS from 'exceljs';
import { APPLICATION_COLUMNS, applicationsWorkbook, beijingDateTimeZh, STAGE_NOT_PUBLISHED } from './applications.xlsx';
import type { ApplicationSummary } from './application.service';

const row = (over: Partial<ApplicationSummary>): ApplicationSummary => ({
  id: '0b9c3f1e-5d2a-4c7b-9e8f-1a2b3c4d5e6f',
  creditCode: '91350200MA8DEM018T',
  institutionName: '厦门市示范服务中心',
  callYear: 2026,
  materials: { applicationForm: true, platformIntroduction: true, supportingEvidence: true },
  submittedAt: '2026-12-31T06:05:00.000Z',
  workflowId: 'application-0b9c3f1e-5d2a-4c7b-9e8f-1a2b3c4d5e6f',
  stage: 'awaiting_site_visit',
  ...over,
});

describe(applicationsWorkbook.name, () => {
  it('writes submission times in Beijing time as people write them, across the date line', () => {
    expect(beijingDateTimeZh('2026-12-31T06:05:00.000Z')).toBe('2026年12月31日 14:05');
    expect(beijingDateTimeZh('2026-03-04T16:30:00.000Z')).toBe('2026年3月5日 00:30');
  });

  it('has the Chinese headers and one row per application, the stage by its Chinese name', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await applicationsWorkbook([row({}), row({ stage: null, institutionName: '第二家' }), row({ stage: 'submitted' })])) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, ...APPLICATION_COLUMNS]);
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(2).values).toEqual([undefined, row({}).id, '91350200MA8DEM018T', '厦门市示范服务中心', 2026, '2026年12月31日 14:05', '待实地考察']);
    expect(ws.getRow(3).getCell(6).value).toBe(STAGE_NOT_PUBLISHED);
    expect(ws.getRow(4).getCell(6).value).toBe('已提交');
  });
});
