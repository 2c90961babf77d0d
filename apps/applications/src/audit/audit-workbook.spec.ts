import type { AuditEvent } from '@sme/persistence';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { AUDIT_HEADERS, beijingDateTime, writeAuditWorkbook } from './audit-workbook';

describe(beijingDateTime.name, () => {
  it('shows an instant in Beijing time, across the date line of UTC', () => {
    expect(beijingDateTime('2026-12-31T06:05:09.000Z')).toBe('2026年12月31日 14:05:09');
    expect(beijingDateTime('2026-12-31T16:00:00.000Z')).toBe('2027年1月1日 00:00:00');
  });
});

describe(writeAuditWorkbook.name, () => {
  const event = (seq: number, data: Record<string, unknown>): AuditEvent => ({
    seq, occurredAt: '2026-03-01T01:02:03.000Z', actor: 'user:staff', action: 'call.set', entityType: 'call', entityId: '2026', data, prevHash: '0'.repeat(64), hash: String(seq).repeat(64),
  });
  async function* batches() {
    yield [event(3, { quota: 10 }), event(2, { text: 'x'.repeat(40_000) })];
    yield [event(1, {})];
  }

  it('writes a cover sheet and one row per event, with the Chinese headers, cutting content Excel cannot hold', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => out.on('end', resolve));
    await writeAuditWorkbook(out, batches(), { total: 3, filters: ['对象类型：call'] });
    await ended;
    const sut = new ExcelJS.Workbook();
    await sut.xlsx.load(Buffer.concat(chunks) as never);
    expect(sut.getWorksheet('说明')!.getCell('A3').value).toBe('筛选条件：对象类型：call');
    const ws = sut.getWorksheet('审计记录')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...AUDIT_HEADERS]);
    expect(ws.getRow(2).values).toEqual([undefined, 3, '2026年3月1日 09:02:03', 'user:staff', 'call.set', 'call', '2026', '{"quota":10}', '3'.repeat(64)]);
    expect(String(ws.getRow(3).getCell(7).value)).toMatch(/…（内容过长，已截断；完整内容见系统，哈希可核对）$/);
    expect(String(ws.getRow(3).getCell(7).value).length).toBeLessThan(32_767);
    expect(ws.rowCount).toBe(4);
  });
});
