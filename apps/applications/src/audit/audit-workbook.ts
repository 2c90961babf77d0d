import type { AuditEvent } from '@sme/persistence';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';

export const AUDIT_HEADERS = ['序号', '时间', '操作人', '操作', '对象类型', '对象编号', '内容', '哈希'] as const;

/** Excel keeps at most 32,767 characters in a cell: longer content is cut there and says so (its hash still names the whole). */
const CELL_MAX = 32_000;

/** An instant as Beijing time, e.g. 2026年12月31日 14:05:09 or 2027年1月1日 00:00:00 (Asia/Shanghai has a constant +08:00). */
export function beijingDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function content(data: Record<string, unknown>): string {
  const json = JSON.stringify(data);
  return json.length <= CELL_MAX ? json : `${json.slice(0, CELL_MAX)}…（内容过长，已截断；完整内容见系统，哈希可核对）`;
}

/**
 * Streams the export: a cover sheet (when, which filters, how many) and the events, one row each, newest first.
 * Rows are written as the batches come, so the whole view is never held in memory.
 */
export async function writeAuditWorkbook(out: Writable, batches: AsyncIterable<AuditEvent[]>, meta: { total: number; filters: string[] }): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '厦门市中小企业公共服务示范平台管理系统';
  const cover = wb.addWorksheet('说明');
  cover.getColumn(1).width = 100;
  for (const line of [
    '审计记录导出（《认定管理暂行办法》第十八条：审计记录只能追加，按哈希链校验）',
    `导出时间：${beijingDateTime(new Date().toISOString())}（北京时间）`,
    `筛选条件：${meta.filters.join('；')}`,
    `记录条数：${meta.total}（按序号从新到旧）`,
    '内容为记录原文（JSON）；哈希为该条记录在审计链中的哈希值，可与系统中的校验结果核对。',
  ]) cover.addRow([line]).commit();
  cover.commit();

  const ws = wb.addWorksheet('审计记录');
  [8, 24, 24, 36, 18, 40, 80, 66].forEach((width, i) => (ws.getColumn(i + 1).width = width));
  const header = ws.addRow([...AUDIT_HEADERS]);
  header.font = { bold: true };
  header.commit();
  for await (const events of batches) {
    for (const e of events) ws.addRow([e.seq, beijingDateTime(e.occurredAt), e.actor, e.action, e.entityType, e.entityId, content(e.data), e.hash]).commit();
  }
  ws.commit();
  await wb.commit();
}
