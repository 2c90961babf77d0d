import ExcelJS from 'exceljs';
import type { ImportRowInput } from '@sme/policy';
import { inflatesAsDeclared, inspectZip } from '../evidence/zip-limits';

/** The media type of an .xlsx workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Disposition of a workbook download, its name in Chinese (RFC 6266 `filename*`). */
export const xlsxAttachment = (filename: string): string => `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** The columns of the import sheet, by any of the header names staff use. */
const HEADERS: Record<Exclude<keyof ImportRowInput, 'row'>, string[]> = {
  creditCode: ['统一社会信用代码', '信用代码', 'creditcode'],
  institutionName: ['机构名称', '平台名称', '名称', 'institutionname'],
  awardedOn: ['认定日期', '授牌日期', 'awardedon'],
  functions: ['服务功能', 'functions'],
};

export class SheetProblem extends Error {
  constructor(readonly text: { zh: string; en: string }) {
    super(text.en);
  }
}

/** Excel's day 0 is 1899-12-30 (with its 1900 leap-year quirk already folded in for dates after February 1900). */
const excelSerialToIso = (n: number): string => new Date(Date.UTC(1899, 11, 30) + Math.round(n) * 86_400_000).toISOString().slice(0, 10);

function cellValue(v: ExcelJS.CellValue, isDate: boolean): unknown {
  if (v === null || v === undefined) return undefined;
  // A date cell carries no time zone: exceljs gives its calendar date at UTC midnight.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return isDate ? excelSerialToIso(v) : String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue, isDate);
    if ('text' in v) return String(v.text);
    return undefined;
  }
  return String(v);
}

const UNREADABLE = { zh: '无法读取文件：请上传 .xlsx 格式的 Excel 工作簿', en: 'cannot read the file: upload an .xlsx workbook' };

/**
 * The rows of the first worksheet, keyed by the recognised headers of row 1 (`headers`: each key by any of the names
 * people use); empty rows are skipped. `dates`: columns whose numbers are Excel dates.
 */
export async function readSheet<K extends string>(bytes: Buffer, headers: Record<K, string[]>, dates: readonly K[] = [], optional: readonly K[] = []): Promise<Array<{ row: number } & Record<K, unknown>>> {
  // Not a ZIP at all (an .xls, a .csv): the plain message says what to upload.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) throw new SheetProblem(UNREADABLE);
  // exceljs inflates the whole workbook into memory: a zip bomb is refused from its directory first, and then any
  // entry that inflates past the size it declares (a lying directory) is caught while streaming, before exceljs.
  const verdict = await inspectZip(bytes);
  if (!verdict.ok) throw new SheetProblem({ zh: verdict.zh, en: verdict.en });
  if (!(await inflatesAsDeclared(bytes))) throw new SheetProblem({ zh: '文件的压缩内容与其声明的大小不符，已拒收', en: 'the file\'s compressed contents do not match their declared sizes; refused' });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as never);
  } catch {
    throw new SheetProblem(UNREADABLE);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SheetProblem({ zh: '工作簿中没有工作表', en: 'the workbook has no worksheet' });
  const keys = Object.keys(headers) as K[];
  const columns = new Map<K, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const name = String(cellValue(cell.value, false) ?? '').trim().toLowerCase().replace(/\s+/g, '');
    for (const key of keys) if (headers[key].map((h) => h.toLowerCase().replace(/\s+/g, '')).includes(name)) columns.set(key, col);
  });
  const missing = keys.filter((k) => !columns.has(k) && !optional.includes(k));
  if (missing.length) {
    throw new SheetProblem({
      zh: `第 1 行缺少列：${missing.map((k) => headers[k][0]).join('、')}`,
      en: `row 1 lacks the columns: ${missing.join(', ')}`,
    });
  }
  const rows: Array<{ row: number } & Record<K, unknown>> = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const row = { row: n } as { row: number } & Record<K, unknown>;
    for (const k of keys) (row as Record<K, unknown>)[k] = columns.has(k) ? cellValue(r.getCell(columns.get(k)!).value, dates.includes(k)) : undefined;
    if (keys.every((k) => row[k] === undefined || row[k] === '')) return;
    rows.push(row);
  });
  return rows;
}

/** The rows of the platform import sheet (credit code, name, award date, functions). */
export function readImportSheet(bytes: Buffer): Promise<ImportRowInput[]> {
  return readSheet<keyof typeof HEADERS>(bytes, HEADERS, ['awardedOn']);
}
