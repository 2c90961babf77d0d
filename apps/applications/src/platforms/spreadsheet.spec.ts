import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { DomainProblem } from '@sme/runtime';
import { PlatformImportService } from './platform-import.service';
import { readImportSheet, SheetProblem } from './spreadsheet';
import { oneEntryZip } from '../evidence/zip-fixtures';

const MIB = 1024 * 1024;


async function sheetProblem(p: Promise<unknown>): Promise<{ zh: string; en: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SheetProblem);
  return (err as SheetProblem).text;
}

describe(readImportSheet.name, () => {
  it('reads a workbook as Excel (here exceljs) writes it: the archive checks let it through', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('平台');
    ws.addRow(['统一社会信用代码', '机构名称', '认定日期', '服务功能']);
    ws.addRow(['91350200MA8DEM018T', '厦门市某服务中心', new Date(Date.UTC(2024, 5, 1)), '技术创新']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await readImportSheet(bytes)).toEqual([
      { row: 2, creditCode: '91350200MA8DEM018T', institutionName: '厦门市某服务中心', awardedOn: '2024-06-01', functions: '技术创新' },
    ]);
  });

  it('refuses a zip bomb from its directory, with the Chinese message naming the limit', async () => {
    const bomb = oneEntryZip('xl/worksheets/sheet1.xml', Buffer.alloc(50 * MIB));
    expect(bomb.length).toBeLessThan(MIB);
    const text = await sheetProblem(readImportSheet(bomb));
    expect(text.zh).toBe('压缩包内 xl/worksheets/sheet1.xml 的压缩比超过 200:1（解压后 50 MiB），疑似压缩炸弹，已拒收');
    expect(text.en).toContain('more than 200:1');
  });

  it('refuses an entry that inflates past the size its directory declares, before exceljs inflates it whole', async () => {
    const lying = oneEntryZip('xl/worksheets/sheet1.xml', Buffer.alloc(64 * MIB), 1024);
    expect(await sheetProblem(readImportSheet(lying))).toEqual({ zh: '文件的压缩内容与其声明的大小不符，已拒收', en: expect.stringContaining('declared sizes') });
  });

  it('asks for an .xlsx when the file is no ZIP at all', async () => {
    expect((await sheetProblem(readImportSheet(Buffer.from('统一社会信用代码,机构名称\n')))).zh).toBe('无法读取文件：请上传 .xlsx 格式的 Excel 工作簿');
  });
});

describe('platform import of a zip bomb', () => {
  it('is a 422 import-sheet problem with the Chinese message, before any database or workflow is asked', async () => {
    const untouched = new Proxy({}, { get: () => { throw new Error('not to be reached'); } }) as never;
    const bomb = oneEntryZip('xl/worksheets/sheet1.xml', Buffer.alloc(50 * MIB));
    const err = await new PlatformImportService(untouched, untouched, untouched).dryRun({ buffer: bomb, size: bomb.length }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DomainProblem);
    expect(err).toMatchObject({ slug: 'import-sheet', text: { zh: expect.stringContaining('疑似压缩炸弹') } });
    expect((err as DomainProblem).getStatus()).toBe(422);
  });
});
