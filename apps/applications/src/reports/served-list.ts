import ExcelJS from 'exceljs';
import type { ServedEnterpriseRowInput } from '@sme/policy';
import { readSheet } from '../platforms/spreadsheet';

/** The columns of the served-enterprise list (第十五条; sized under 300号, 第二十条), by the names people use. */
export const SERVED_HEADERS: Record<Exclude<keyof ServedEnterpriseRowInput, 'row'>, string[]> = {
  creditCode: ['统一社会信用代码', '信用代码', 'creditCode'],
  enterpriseName: ['企业名称', '名称', 'enterpriseName'],
  industryCode: ['国民经济行业代码', '行业代码', 'industryCode'],
  employees: ['从业人员（人）', '从业人员', 'employees'],
  revenueWan: ['营业收入（万元）', '营业收入', 'revenueWan'],
  assetsWan: ['资产总额（万元）', '资产总额', 'assetsWan'],
};

/** The rows of an uploaded served-enterprise list; total assets is optional (only some industries are sized by it). */
export function readServedList(bytes: Buffer): Promise<ServedEnterpriseRowInput[]> {
  return readSheet<keyof typeof SERVED_HEADERS>(bytes, SERVED_HEADERS, [], ['assetsWan']);
}

/** The template platforms download: the list sheet with its headers, and a sheet that says how to fill it in. */
export async function servedListTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '厦门市中小企业公共服务示范平台管理系统';
  const ws = wb.addWorksheet('服务企业名单');
  ws.addRow((Object.keys(SERVED_HEADERS) as Array<keyof typeof SERVED_HEADERS>).map((k) => SERVED_HEADERS[k][0]));
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 22));
  const help = wb.addWorksheet('填写说明');
  for (const line of [
    ['年度报告（第十五条）所附服务企业名单：每行一家上年度服务过的企业。'],
    ['统一社会信用代码：18 位（GB 32100-2015），同一企业只计一次。'],
    ['国民经济行业代码：GB/T 4754-2017 门类字母加大类代码，如 C39（计算机、通信和其他电子设备制造业）、I65（软件和信息技术服务业）。'],
    ['从业人员：整数（人）；营业收入、资产总额：万元，可有小数。建筑业、房地产开发经营、租赁和商务服务业须填资产总额。'],
    ['系统按《中小企业划型标准规定》（工信部联企业〔2011〕300号，办法第二十条）逐行划分大、中、小、微型；有误的行列出原因且不计入。'],
    ['请勿修改第一个工作表的表头；本说明页不会被读取。'],
  ]) help.addRow(line);
  help.getColumn(1).width = 120;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
