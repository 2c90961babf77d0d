import ExcelJS from 'exceljs';
import { RANKING_RULE } from '@sme/policy';
import type { Ranking } from './panel.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The candidate list as a workbook: the same rows as the screen (the call workflow's ranking once it has one), the
 * quota line drawn under the last rank inside it, exclusions and upheld objections marked.
 */
export async function rankingWorkbook(r: Ranking): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sme-platforms';
  const ws = wb.addWorksheet(`${r.callYear}年度候选名单`, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '排名', key: 'rank', width: 6 },
    { header: '统一社会信用代码', key: 'creditCode', width: 22 },
    { header: '机构名称', key: 'institutionName', width: 36 },
    { header: '专家评分', key: 'score', width: 10 },
    { header: '计分方式', key: 'method', width: 18 },
    { header: '评分专家数', key: 'experts', width: 10 },
    { header: '评分分歧', key: 'dispersed', width: 10 },
    { header: '名额内', key: 'withinQuota', width: 8 },
    { header: '备注', key: 'remark', width: 26 },
    { header: '申报编号', key: 'applicationId', width: 38 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const row of r.rows) {
    const added = ws.addRow({
      rank: row.rank,
      creditCode: row.creditCode,
      institutionName: row.institutionName,
      // The exact decimal string as a number cell with two places: Excel stores doubles, the text is exact to 0.01.
      score: Number(row.score),
      method: row.method === null ? '—' : row.method === 'trimmed_mean' ? '去掉最高最低分后平均' : '平均',
      experts: row.experts,
      dispersed: row.dispersed ? '是' : '否',
      withinQuota: row.withinQuota ? '是' : '否',
      remark: row.removedByObjection ? '公示异议成立，移除（第十三条）' : row.excluded ? '未列入候选名单（理由见审计记录）' : '',
      applicationId: row.applicationId,
    });
    added.getCell('score').numFmt = '0.00';
    if (row.rank === r.quota) added.eachCell((c) => (c.border = { bottom: { style: 'thick', color: { argb: 'FFC00000' } } }));
  }
  const note = ws.addRow([]);
  note.getCell(1).value = `名额 ${r.quota}（${RANKING_RULE.articles.join('、')}）：${RANKING_RULE.zh}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
