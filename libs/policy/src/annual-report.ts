/**
 * The annual report (第十五条) as the evaluation (第十九条) reads it: its structured content, the list of enterprises
 * served (sized under 300号, 第二十条, row by row like the platform import) and the facts the indicators take from it.
 */
import { checkCreditCode } from './credit-code';
import { decimalToHundredths, hundredthsToDecimal, plainDecimal } from './decimal';
import { classifyEnterprise, type EnterpriseSize, PolicyInputError } from './enterprise-size';
import type { IndicatorFacts } from './evaluation';
import type { ServiceFunction, Text } from './policy-version';

/** The report year a form filed on `today` (Asia/Shanghai) is on: the previous calendar year (第十五条 上一年度). */
export function reportYearFor(today: string): number {
  return Number(today.slice(0, 4)) - 1;
}

export interface ServedEnterpriseRowInput {
  /** The spreadsheet row number, as the platform sees it. */
  row: number;
  creditCode: unknown;
  enterpriseName: unknown;
  /** GB/T 4754-2017, e.g. C39, I65. */
  industryCode: unknown;
  employees: unknown;
  /** 营业收入, 万元. */
  revenueWan: unknown;
  /** 资产总额, 万元: needed only where 300号 sizes by assets (construction, real estate, leasing). */
  assetsWan: unknown;
}

export interface ServedEnterpriseError {
  row: number;
  field: 'creditCode' | 'enterpriseName' | 'industryCode' | 'employees' | 'revenueWan' | 'assetsWan';
  reason: Text;
}

export interface ServedCounts {
  /** Rows read (good and bad). */
  rows: number;
  /** Rows refused (not counted). */
  refused: number;
  medium: number;
  small: number;
  micro: number;
  /** Large enterprises: served, but not SMEs (第二十条), so not counted as SMEs served. */
  large: number;
  /** Medium + small + micro. */
  smes: number;
}

export const MAX_SERVED_ROWS = 20_000;

const asText = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Checks every row of the served-enterprise list and sizes each enterprise under 300号. A bad row is listed with its
 * reason and not counted; a code twice is counted once. Counts are of the good rows only.
 */
export function checkServedEnterprises(rows: ServedEnterpriseRowInput[]): { counts: ServedCounts; errors: ServedEnterpriseError[]; sized: Array<{ row: number; creditCode: string; size: EnterpriseSize }> } {
  const errors: ServedEnterpriseError[] = [];
  const sized: Array<{ row: number; creditCode: string; size: EnterpriseSize }> = [];
  const seen = new Map<string, number>();
  const counts: ServedCounts = { rows: rows.length, refused: 0, medium: 0, small: 0, micro: 0, large: 0, smes: 0 };
  for (const r of rows.slice(0, MAX_SERVED_ROWS)) {
    const before = errors.length;
    const bad = (field: ServedEnterpriseError['field'], reason: Text) => errors.push({ row: r.row, field, reason });
    const code = asText(r.creditCode).toUpperCase();
    const check = checkCreditCode(code);
    if (!code) bad('creditCode', { zh: '缺少统一社会信用代码', en: 'the credit code is missing' });
    else if (!check.valid) bad('creditCode', check.reason);
    else if (seen.has(code)) bad('creditCode', { zh: `与第 ${seen.get(code)} 行重复，只计一次`, en: `the same enterprise as row ${seen.get(code)}: counted once` });
    else seen.set(code, r.row);
    if (!asText(r.enterpriseName)) bad('enterpriseName', { zh: '缺少企业名称', en: 'the enterprise name is missing' });

    const employeesText = asText(r.employees);
    const employees = /^\d{1,7}$/.test(employeesText) ? Number(employeesText) : null;
    if (employees === null) bad('employees', { zh: `从业人员须为非负整数：“${employeesText}”`, en: `employees must be a whole number: "${employeesText}"` });
    const revenue = asText(r.revenueWan) === '' ? undefined : plainDecimal(asText(r.revenueWan));
    if (revenue === null) bad('revenueWan', { zh: `营业收入（万元）须为非负数：“${asText(r.revenueWan)}”`, en: `revenue (10k CNY) must be a non-negative number: "${asText(r.revenueWan)}"` });
    const assets = asText(r.assetsWan) === '' ? undefined : plainDecimal(asText(r.assetsWan));
    if (assets === null) bad('assetsWan', { zh: `资产总额（万元）须为非负数：“${asText(r.assetsWan)}”`, en: `total assets (10k CNY) must be a non-negative number: "${asText(r.assetsWan)}"` });
    const industryCode = asText(r.industryCode);
    if (!industryCode) bad('industryCode', { zh: '缺少国民经济行业代码（GB/T 4754-2017）', en: 'the industry code (GB/T 4754-2017) is missing' });

    if (errors.length === before) {
      try {
        const c = classifyEnterprise({ industryCode, employees: employees!, ...(revenue ? { revenueWan: revenue } : {}), ...(assets ? { assetsWan: assets } : {}) });
        counts[c.size]++;
        sized.push({ row: r.row, creditCode: code, size: c.size });
      } catch (err) {
        if (!(err instanceof PolicyInputError)) throw err;
        const field = err.field === 'industryCode' || err.field === 'industry' ? 'industryCode' : err.field === 'assetsWan' ? 'assetsWan' : err.field === 'revenueWan' ? 'revenueWan' : 'employees';
        bad(field, err.reason);
      }
    }
  }
  if (rows.length > MAX_SERVED_ROWS) {
    errors.push({ row: MAX_SERVED_ROWS + 2, field: 'creditCode', reason: { zh: `名单最多 ${MAX_SERVED_ROWS} 行，其后各行未计入`, en: `at most ${MAX_SERVED_ROWS} rows; the rest were not counted` } });
  }
  counts.refused = new Set(errors.map((e) => e.row)).size;
  counts.smes = counts.medium + counts.small + counts.micro;
  return { counts, errors, sized };
}

/** What the platform reports on one service function (第八条) in the year. */
export interface ReportedService {
  function: ServiceFunction;
  activities: number;
  enterprisesServed: number;
}

/** The structured annual report (第十五条), as filed; the served counts are computed by the system from the list. */
export interface AnnualReportContent {
  form: 'annual-report/2';
  services: ReportedService[];
  served: ServedCounts & { listSha256: string; filename: string };
  satisfaction: { surveyed: number; satisfied: number };
  /** Services delivered in the year, and how many of them free or at a low fee (第六条第（四）项). */
  serviceCount: { total: number; freeOrLowFee: number };
  staff: { total: number; qualified: number };
  revenueYuan: string;
  summary: string;
  plans: string;
  highlights: string;
  attachments: Array<{ sha256: string; filename: string; sizeBytes: number }>;
}

/** A share as a percentage cut (never rounded up) to two places, so a share under a line never reads as reaching it. */
export function sharePercent(part: number, whole: number): string {
  if (whole <= 0) return '0.00';
  return hundredthsToDecimal(Math.floor((Math.min(part, whole) * 10_000) / whole));
}

/** The facts of a filed report the indicators read (Annex 3 sources `report.*`). */
export function reportFacts(content: AnnualReportContent): IndicatorFacts {
  const delivered = content.services.filter((s) => s.activities > 0);
  return {
    'report.smesServed': String(content.served.smes),
    'report.activities': String(content.services.reduce((s, x) => s + x.activities, 0)),
    'report.functionsDelivered': String(new Set(delivered.map((s) => s.function)).size),
    'report.satisfactionPercent': sharePercent(content.satisfaction.satisfied, content.satisfaction.surveyed),
    'report.freeOrLowFeePercent': sharePercent(content.serviceCount.freeOrLowFee, content.serviceCount.total),
    'report.qualifiedStaffPercent': sharePercent(content.staff.qualified, content.staff.total),
    'report.staff': String(content.staff.total),
  };
}

/** Days between two ISO dates (b - a), for lateness. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The figure people see for a fact: "91.50" as "91.5". */
export function factShown(value: string | null): string {
  if (value === null) return '—';
  const h = decimalToHundredths(value);
  return h === null ? value : plainDecimal(hundredthsToDecimal(h))!;
}
