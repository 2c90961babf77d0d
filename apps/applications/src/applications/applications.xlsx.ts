import { APPLICATION_STAGE_NAMES, type PublishedApplicationStage } from '@sme/contracts';
import ExcelJS from 'exceljs';
import type { ApplicationSummary } from './application.service';

/** Asia/Shanghai has had no daylight saving time since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant as people in Xiamen write it: 2026年12月31日 14:05 (Beijing time). */
export function beijingDateTimeZh(iso: string): string {
  const t = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

/** What the stage column says while visibility has no stage for the workflow (not started yet, or not caught up). */
export const STAGE_NOT_PUBLISHED = '暂无（流程尚未发布阶段）';

export const APPLICATION_COLUMNS = ['申报编号', '统一社会信用代码', '机构名称', '年度', '提交时间', '流程阶段'] as const;

/** The staff list's current view as a workbook: one row per application, in the order of the screen. */
export async function applicationsWorkbook(rows: ApplicationSummary[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '厦门市中小企业公共服务示范平台管理系统';
  const ws = wb.addWorksheet('申报列表', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: APPLICATION_COLUMNS[0], width: 38 },
    { header: APPLICATION_COLUMNS[1], width: 22 },
    { header: APPLICATION_COLUMNS[2], width: 40 },
    { header: APPLICATION_COLUMNS[3], width: 8 },
    { header: APPLICATION_COLUMNS[4], width: 20 },
    { header: APPLICATION_COLUMNS[5], width: 24 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const stage = r.stage === null ? STAGE_NOT_PUBLISHED : (APPLICATION_STAGE_NAMES[r.stage as PublishedApplicationStage]?.zh ?? r.stage);
    ws.addRow([r.id, r.creditCode, r.institutionName, r.callYear, beijingDateTimeZh(r.submittedAt), stage]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
