import ExcelJS from 'exceljs';
import { makeCreditCode } from '@sme/policy';

/** A row of the served-enterprise list as platforms type it: code, name, industry code, employees, revenue (万元), assets (万元). */
export type ServedRow = [creditCode: string, name: string, industryCode: string, employees: string | number, revenueWan: string | number, assetsWan?: string | number];

/** `n` small manufacturers (C39, 50 people, 500 万元: small under 300号), with codes unique to `seed`. */
export function smallFirms(n: number, seed: number): ServedRow[] {
  return Array.from({ length: n }, (_, i) => [makeCreditCode('91350200', `M${String(seed % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`), `服务企业${i + 1}`, 'C39', 50, '500']);
}

/** The served-enterprise list as a workbook, with the headers of the template. */
export async function servedListXlsx(rows: ServedRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('服务企业名单');
  ws.addRow(['统一社会信用代码', '企业名称', '国民经济行业代码', '从业人员（人）', '营业收入（万元）', '资产总额（万元）']);
  for (const r of rows) ws.addRow([...r]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A complete annual report body (第十五条) for the list `servedListId`; `over` replaces any part. */
export function annualReportBody(servedListId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    services: [
      { function: 'information', activities: 8, enterprisesServed: 120 },
      { function: 'training', activities: 6, enterprisesServed: 90 },
    ],
    servedListId,
    satisfaction: { surveyed: 300, satisfied: 276 },
    serviceCount: { total: 420, freeOrLowFee: 130 },
    staff: { total: 20, qualified: 17 },
    revenueYuan: '1250000.50',
    summary: '全年服务中小企业，开展信息和培训服务。',
    plans: '建设线上服务系统，扩大服务覆盖面。',
    highlights: '首创“服务券”模式。',
    ...over,
  };
}
