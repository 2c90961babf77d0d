/**
 * Validation of the facts of Arts. 6-8 as they arrive (a request body, a stored application): every field of
 * `EligibilityFacts` has its type, counts are JSON numbers (never text: "100" is refused, not compared as a
 * string), money is a decimal string, and qualified staff are a part of the staff serving SMEs (第六条第（五）项).
 * Pure: no class-validator, so services and workflows can share it.
 */
import { checkCreditCode } from './credit-code';
import { isIsoDate } from './dates';
import { type EligibilityFacts, INSTITUTION_TYPES, SERVICE_FUNCTIONS } from './eligibility';

/** One refused field: its dotted path (`performance.localSmesServed.2025`) and why, in Chinese and English. */
export interface FactError {
  path: string;
  zh: string;
  en: string;
}

export type FactsValidation = { ok: true; facts: EligibilityFacts } | { ok: false; errors: FactError[] };

/** The largest count taken (people, enterprises, activities). */
export const MAX_COUNT = 10_000_000;
/** Yuan as the request DTO takes it: at most 15 integer digits and two places. */
const YUAN = /^\d{1,15}(\.\d{1,2})?$/;
const YEAR = /^\d{4}$/;

type Obj = Record<string, unknown>;

class Checker {
  readonly errors: FactError[] = [];

  fail(path: string, zh: string, en: string): void {
    this.errors.push({ path, zh, en });
  }

  /**
   * The object at `path`, or null when it is absent (an error unless optional) or not an object (an error).
   * Keys outside `keys` are refused; `'any'` takes any key (a record such as year -> count).
   */
  object(value: unknown, path: string, keys: readonly string[] | 'any', optional = false): Obj | null {
    if (value === undefined) {
      if (!optional) this.fail(path, '缺少该项', 'is required');
      return null;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, '须为对象', 'must be an object');
      return null;
    }
    const o = value as Obj;
    if (keys !== 'any') for (const k of Object.keys(o)) if (!keys.includes(k)) this.fail(join(path, k), '不是可接受的字段', 'is not a known field');
    return o;
  }

  private present(o: Obj, key: string, path: string, optional: boolean): boolean {
    if (o[key] !== undefined) return true;
    if (!optional) this.fail(join(path, key), '缺少该项', 'is required');
    return false;
  }

  boolean(o: Obj, key: string, path: string, optional = false): void {
    if (this.present(o, key, path, optional) && typeof o[key] !== 'boolean') this.fail(join(path, key), '须为 true 或 false', 'must be true or false');
  }

  count(o: Obj, key: string, path: string): void {
    if (this.present(o, key, path, false)) this.countValue(o[key], join(path, key));
  }

  countValue(value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) {
      const text = typeof value === 'string' ? `，收到文本 ${JSON.stringify(value)}` : '';
      const textEn = typeof value === 'string' ? `, got the text ${JSON.stringify(value)}` : '';
      this.fail(path, `须为 0 至 ${MAX_COUNT} 的整数（JSON 数字，不能是文本）${text}`, `must be a whole number from 0 to ${MAX_COUNT} (a JSON number, not text)${textEn}`);
    }
  }

  fraction(o: Obj, key: string, path: string): void {
    if (!this.present(o, key, path, false)) return;
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) this.fail(join(path, key), '须为 0 至 1 之间的数（如 0.9）', 'must be a number from 0 to 1, e.g. 0.9');
  }

  yuan(o: Obj, key: string, path: string): void {
    if (!this.present(o, key, path, false)) return;
    const v = o[key];
    if (typeof v !== 'string' || !YUAN.test(v)) {
      this.fail(join(path, key), '须为元的十进制字符串，最多两位小数（如 "1500000.00"）', 'must be a decimal string of yuan with at most two places, e.g. "1500000.00"');
    }
  }

  date(o: Obj, key: string, path: string): void {
    if (this.present(o, key, path, false) && !isIsoDate(o[key])) this.fail(join(path, key), '须为有效日期 YYYY-MM-DD', 'must be a valid date YYYY-MM-DD');
  }
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

const FUNCTION_FIELDS = {
  information: { booleans: ['onlineSystem'], optionalBooleans: [], counts: ['offlineEnterprisesServed', 'activities'], yuan: [] },
  technology: { booleans: ['expertPool', 'projectPool'], optionalBooleans: ['organisesResources', 'hasLargeInstruments', 'sharesInstruments'], counts: ['activities'], yuan: [] },
  entrepreneurship: { booleans: ['projectPool', 'guide', 'hotline', 'agencyServices'], optionalBooleans: ['mentoring'], counts: ['events'], yuan: [] },
  training: { booleans: ['qualification', 'online', 'offline', 'evaluationMechanism'], optionalBooleans: [], counts: ['personTimes'], yuan: [] },
  financing: { booleans: ['guaranteeInstitution'], optionalBooleans: [], counts: ['activities'], yuan: ['financingRaisedYuan', 'newGuaranteesYuan'] },
} as const satisfies Record<(typeof SERVICE_FUNCTIONS)[number], { booleans: readonly string[]; optionalBooleans: readonly string[]; counts: readonly string[]; yuan: readonly string[] }>;

/**
 * Checks that `input` is an `EligibilityFacts`: every field present with its type, no field unknown, and
 * qualified staff no more than the staff serving SMEs (第六条第（五）项). On success, a plain copy of the facts;
 * otherwise every error found, each with its path. The application submission adds its submission date as
 * `applicationDate` before calling it.
 */
export function validateEligibilityFacts(input: unknown): FactsValidation {
  const c = new Checker();
  const root = c.object(input, '', ['applicationDate', 'institution', 'performance', 'capability', 'management', 'staff', 'openness', 'functions']);
  if (root === null) {
    return { ok: false, errors: c.errors.map((e) => ({ ...e, path: e.path || '(body)' })) };
  }
  c.date(root, 'applicationDate', '');

  const inst = c.object(root['institution'], 'institution', ['creditCode', 'legalPerson', 'type', 'establishedOn', 'totalAssetsYuan', 'financesSound']);
  if (inst) {
    if (typeof inst['creditCode'] !== 'string') {
      c.fail('institution.creditCode', '须为统一社会信用代码（18 位字符串）', 'must be a unified social credit code (an 18-character string)');
    } else {
      const credit = checkCreditCode(inst['creditCode']);
      if (!credit.valid) c.fail('institution.creditCode', credit.reason.zh, credit.reason.en);
    }
    c.boolean(inst, 'legalPerson', 'institution');
    if (!INSTITUTION_TYPES.includes(inst['type'] as never)) {
      c.fail('institution.type', `须为以下之一：${INSTITUTION_TYPES.join('、')}`, `must be one of: ${INSTITUTION_TYPES.join(', ')}`);
    }
    c.date(inst, 'establishedOn', 'institution');
    c.yuan(inst, 'totalAssetsYuan', 'institution');
    c.boolean(inst, 'financesSound', 'institution');
  }

  const perf = c.object(root['performance'], 'performance', ['localSmesServed', 'satisfaction']);
  if (perf) {
    const served = c.object(perf['localSmesServed'], 'performance.localSmesServed', 'any');
    if (served) {
      for (const [year, n] of Object.entries(served)) {
        const path = `performance.localSmesServed.${year}`;
        if (!YEAR.test(year)) c.fail(path, '年份须为四位数字（如 "2025"）', 'the key must be a four-digit year, e.g. "2025"');
        else c.countValue(n, path);
      }
    }
    c.fraction(perf, 'satisfaction', 'performance');
  }

  const cap = c.object(root['capability'], 'capability', ['partnerInstitutions', 'fixedPremises']);
  if (cap) {
    c.count(cap, 'partnerInstitutions', 'capability');
    c.boolean(cap, 'fixedPremises', 'capability');
  }

  const mgmt = c.object(root['management'], 'management', ['freeOrLowFeeShare']);
  if (mgmt) c.fraction(mgmt, 'freeOrLowFeeShare', 'management');

  const staff = c.object(root['staff'], 'staff', ['servingSmes', 'qualified']);
  if (staff) {
    const before = c.errors.length;
    c.count(staff, 'servingSmes', 'staff');
    c.count(staff, 'qualified', 'staff');
    if (c.errors.length === before && (staff['qualified'] as number) > (staff['servingSmes'] as number)) {
      c.fail(
        'staff.qualified',
        `大专及以上学历或中级及以上职称人员（${String(staff['qualified'])}）不能多于从事中小企业服务的人员（${String(staff['servingSmes'])}），二者按第六条第（五）项为同一队伍中的部分与全体`,
        `qualified staff (${String(staff['qualified'])}) cannot exceed the staff serving SMEs (${String(staff['servingSmes'])}): under Art. 6(5) they are a part of that staff`,
      );
    }
  }

  const open = c.object(root['openness'], 'openness', ['openToSmes', 'sharesResources'], true);
  if (open) {
    c.boolean(open, 'openToSmes', 'openness', true);
    c.boolean(open, 'sharesResources', 'openness', true);
  }

  const fns = c.object(root['functions'], 'functions', SERVICE_FUNCTIONS);
  if (fns) {
    for (const fn of SERVICE_FUNCTIONS) {
      const spec = FUNCTION_FIELDS[fn];
      const path = `functions.${fn}`;
      const f = c.object(fns[fn], path, [...spec.booleans, ...spec.optionalBooleans, ...spec.counts, ...spec.yuan], true);
      if (!f) continue;
      for (const k of spec.booleans) c.boolean(f, k, path);
      for (const k of spec.optionalBooleans) c.boolean(f, k, path, true);
      for (const k of spec.counts) c.count(f, k, path);
      for (const k of spec.yuan) c.yuan(f, k, path);
    }
  }

  if (c.errors.length) return { ok: false, errors: c.errors };
  return { ok: true, facts: JSON.parse(JSON.stringify(root)) as EligibilityFacts };
}
