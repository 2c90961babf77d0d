/**
 * Bringing the platforms recognised before the system into it: each row of the staff's spreadsheet (credit code,
 * name, award date, functions) is checked, and a title still valid starts its platform lifecycle at the right
 * point. An expired title is refused (第十七条: it lapsed; the institution applies again).
 */
import { checkCreditCode } from './credit-code';
import { isIsoDate, type IsoDate } from './dates';
import { SERVICE_FUNCTION_NAMES } from './eligibility';
import type { PolicyVersion, ServiceFunction, Text } from './policy-version';
import { titleValidity } from './periods';

export interface ImportRowInput {
  /** The spreadsheet row number, as staff see it. */
  row: number;
  creditCode: unknown;
  institutionName: unknown;
  /** An ISO date, or a date as people type it: 2024/3/1, 2024.3.1, 2024年3月1日. */
  awardedOn: unknown;
  /** Function names separated by 、 , ; or spaces: 信息服务、技术服务 or information, technology. */
  functions: unknown;
}

export interface ImportRow {
  row: number;
  creditCode: string;
  institutionName: string;
  awardedOn: IsoDate;
  validThrough: IsoDate;
  functions: ServiceFunction[];
}

export interface ImportError {
  row: number;
  field: 'creditCode' | 'institutionName' | 'awardedOn' | 'functions';
  reason: Text;
}

export const MAX_IMPORT_ROWS = 5000;

/** A date as typed in a spreadsheet cell, as an ISO date; null when it is not a real calendar date. */
export function parseTypedDate(value: unknown): IsoDate | null {
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$/.exec(value);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const FUNCTION_BY_NAME = new Map<string, ServiceFunction>(
  (Object.entries(SERVICE_FUNCTION_NAMES) as Array<[ServiceFunction, Text]>).flatMap(([k, t]) => [
    [k, k],
    [t.zh, k],
    [t.zh.replace(/服务$/, ''), k],
  ]),
);

export function checkImportRows(rows: ImportRowInput[], today: IsoDate, policy: Pick<PolicyVersion, 'periods'>): { valid: ImportRow[]; errors: ImportError[] } {
  const valid: ImportRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const bad = (field: ImportError['field'], zh: string, en: string) => errors.push({ row: r.row, field, reason: { zh, en } });
    const before = errors.length;
    const code = typeof r.creditCode === 'string' ? r.creditCode.trim().toUpperCase() : '';
    const check = checkCreditCode(code);
    if (!code) bad('creditCode', '缺少统一社会信用代码', 'the credit code is missing');
    else if (!check.valid) bad('creditCode', check.reason.zh, check.reason.en);
    else if (seen.has(code)) bad('creditCode', `与第 ${seen.get(code)} 行重复`, `the same code as row ${seen.get(code)}`);
    else seen.set(code, r.row);

    const name = typeof r.institutionName === 'string' ? r.institutionName.trim() : '';
    if (!name) bad('institutionName', '缺少机构名称', 'the institution name is missing');
    else if (name.length > 200) bad('institutionName', '机构名称超过 200 字', 'the name is longer than 200 characters');

    const awardedOn = isIsoDate(r.awardedOn) ? r.awardedOn : parseTypedDate(r.awardedOn);
    let validThrough: IsoDate | null = null;
    if (!awardedOn) bad('awardedOn', `认定日期无效：“${String(r.awardedOn ?? '')}”`, `not a date: "${String(r.awardedOn ?? '')}"`);
    else if (awardedOn > today) bad('awardedOn', `认定日期 ${awardedOn} 晚于今天`, `the award date ${awardedOn} is in the future`);
    else {
      validThrough = titleValidity(awardedOn, policy).through;
      if (validThrough < today) {
        bad('awardedOn', `称号已于 ${validThrough} 期满失效（第十七条），不能导入，须重新申报`, `the title lapsed on ${validThrough} (Art. 17): not imported, the institution applies again`);
      }
    }

    const names = typeof r.functions === 'string' ? r.functions.split(/[、,，;；/\s]+/).filter(Boolean) : [];
    const functions = [...new Set(names.map((n) => FUNCTION_BY_NAME.get(n.trim().toLowerCase()) ?? FUNCTION_BY_NAME.get(n.trim())))];
    if (names.length === 0) bad('functions', '缺少服务功能（第八条）', 'no service function given (Art. 8)');
    else if (functions.includes(undefined)) {
      const unknown = names.filter((n) => !FUNCTION_BY_NAME.get(n.trim().toLowerCase()) && !FUNCTION_BY_NAME.get(n.trim()));
      bad('functions', `未知的服务功能：${unknown.join('、')}（应为信息、技术、创业、培训、融资服务）`, `unknown functions: ${unknown.join(', ')} (information, technology, entrepreneurship, training, financing)`);
    }
    if (errors.length === before) {
      valid.push({ row: r.row, creditCode: code, institutionName: name, awardedOn: awardedOn!, validThrough: validThrough!, functions: functions as ServiceFunction[] });
    }
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    errors.push({ row: MAX_IMPORT_ROWS + 1, field: 'creditCode', reason: { zh: `一次最多导入 ${MAX_IMPORT_ROWS} 行`, en: `at most ${MAX_IMPORT_ROWS} rows per import` } });
  }
  return { valid, errors };
}
