/**
 * Enterprise size classification (大型/中型/小型/微型) under 工信部联企业〔2011〕300号
 * 《中小企业划型标准规定》, which Art. 20 (第二十条) of the measure cites for "中小企业".
 *
 * Pure rule: no I/O, no floats for money. Amounts are 万元 given as decimal strings (or non-negative
 * numbers); every threshold is an integer, so `v >= T` is decided exactly by `floor(v) >= T`, and
 * floor(v) is taken from the digits of the string (or, for a number, by Math.floor, which is exact).
 */
import { DECIMAL } from './decimal';

/** A message in both languages. */
interface ZhEn {
  zh: string;
  en: string;
}

/** Bad input to a policy rule: `field` names the offending input, `reason` says why in zh and en. */
export class PolicyInputError extends Error {
  override readonly name = 'PolicyInputError';

  constructor(
    readonly field: string,
    readonly reason: { zh: string; en: string },
  ) {
    super(`${field}: ${reason.en}`);
  }
}

export const INDUSTRY_GROUPS = [
  'agriculture',
  'industry',
  'construction',
  'wholesale',
  'retail',
  'transport',
  'warehousing',
  'postal',
  'accommodation',
  'catering',
  'information_transmission',
  'software_it',
  'real_estate_development',
  'property_management',
  'leasing_business_services',
  'other',
] as const;

export type IndustryGroup = (typeof INDUSTRY_GROUPS)[number];

export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro';

/** X = 从业人员 (employees), Y = 营业收入 (operating revenue, 万元), Z = 资产总额 (total assets, 万元). */
export type SizeIndicator = 'X' | 'Y' | 'Z';

/** Integer thresholds by indicator; an absent indicator plays no part in that bound. */
export type SizeBound = Partial<Record<SizeIndicator, number>>;

export interface IndustrySizeStandard {
  name: { zh: string; en: string };
  /** Medium: every listed lower bound reached. */
  medium: SizeBound;
  /** Small: every listed lower bound reached (and not medium). Micro: anything below small. */
  small: SizeBound;
  /** SME ceiling: an SME is below at least one listed ceiling; large reaches all of them. */
  smeBelow: SizeBound;
}

/** The table of 300号 Art. 4, one record per industry group. */
export const ENTERPRISE_SIZE_STANDARDS: Readonly<Record<IndustryGroup, Readonly<IndustrySizeStandard>>> = {
  agriculture: {
    name: { zh: '农、林、牧、渔业', en: 'agriculture, forestry, animal husbandry and fishery' },
    medium: { Y: 500 },
    small: { Y: 50 },
    smeBelow: { Y: 20000 },
  },
  industry: {
    name: { zh: '工业', en: 'industry' },
    medium: { X: 300, Y: 2000 },
    small: { X: 20, Y: 300 },
    smeBelow: { X: 1000, Y: 40000 },
  },
  construction: {
    name: { zh: '建筑业', en: 'construction' },
    medium: { Y: 6000, Z: 5000 },
    small: { Y: 300, Z: 300 },
    smeBelow: { Y: 80000, Z: 80000 },
  },
  wholesale: {
    name: { zh: '批发业', en: 'wholesale' },
    medium: { X: 20, Y: 5000 },
    small: { X: 5, Y: 1000 },
    smeBelow: { X: 200, Y: 40000 },
  },
  retail: {
    name: { zh: '零售业', en: 'retail' },
    medium: { X: 50, Y: 500 },
    small: { X: 10, Y: 100 },
    smeBelow: { X: 300, Y: 20000 },
  },
  transport: {
    name: { zh: '交通运输业（不含铁路运输业）', en: 'transport (excluding railway transport)' },
    medium: { X: 300, Y: 3000 },
    small: { X: 20, Y: 200 },
    smeBelow: { X: 1000, Y: 30000 },
  },
  warehousing: {
    name: { zh: '仓储业', en: 'warehousing' },
    medium: { X: 100, Y: 1000 },
    small: { X: 20, Y: 100 },
    smeBelow: { X: 200, Y: 30000 },
  },
  postal: {
    name: { zh: '邮政业', en: 'postal services' },
    medium: { X: 300, Y: 2000 },
    small: { X: 20, Y: 100 },
    smeBelow: { X: 1000, Y: 30000 },
  },
  accommodation: {
    name: { zh: '住宿业', en: 'accommodation' },
    medium: { X: 100, Y: 2000 },
    small: { X: 10, Y: 100 },
    smeBelow: { X: 300, Y: 10000 },
  },
  catering: {
    name: { zh: '餐饮业', en: 'catering' },
    medium: { X: 100, Y: 2000 },
    small: { X: 10, Y: 100 },
    smeBelow: { X: 300, Y: 10000 },
  },
  information_transmission: {
    name: { zh: '信息传输业', en: 'information transmission' },
    medium: { X: 100, Y: 1000 },
    small: { X: 10, Y: 100 },
    smeBelow: { X: 2000, Y: 100000 },
  },
  software_it: {
    name: { zh: '软件和信息技术服务业', en: 'software and information technology services' },
    medium: { X: 100, Y: 1000 },
    small: { X: 10, Y: 50 },
    smeBelow: { X: 300, Y: 10000 },
  },
  real_estate_development: {
    name: { zh: '房地产开发经营', en: 'real estate development' },
    medium: { Y: 1000, Z: 5000 },
    small: { Y: 100, Z: 2000 },
    smeBelow: { Y: 200000, Z: 10000 },
  },
  property_management: {
    name: { zh: '物业管理', en: 'property management' },
    medium: { X: 300, Y: 1000 },
    small: { X: 100, Y: 500 },
    smeBelow: { X: 1000, Y: 5000 },
  },
  leasing_business_services: {
    name: { zh: '租赁和商务服务业', en: 'leasing and business services' },
    medium: { X: 100, Z: 8000 },
    small: { X: 10, Z: 100 },
    smeBelow: { X: 300, Z: 120000 },
  },
  other: {
    name: { zh: '其他未列明行业', en: 'other industries not listed' },
    medium: { X: 100 },
    small: { X: 10 },
    smeBelow: { X: 300 },
  },
};

export interface EnterpriseSizeInput {
  /** Give exactly one of `industry` and `industryCode` (GB/T 4754-2017, e.g. `I65`, `C39`, `K701`). */
  industry?: IndustryGroup;
  industryCode?: string;
  /** 从业人员 (X): a non-negative integer. */
  employees: number;
  /** 营业收入 (Y), 万元: a decimal string such as `'300.00'`, or a non-negative number. */
  revenueWan?: string | number;
  /** 资产总额 (Z), 万元: a decimal string or a non-negative number. */
  assetsWan?: string | number;
}

export interface EnterpriseSizeResult {
  size: EnterpriseSize;
  isSme: boolean;
  industry: IndustryGroup;
  basis: {
    standard: '工信部联企业〔2011〕300号';
    article: '第二十条';
    /** The normalised (trimmed, upper-case) code, when the input gave one. */
    industryCode?: string;
    /** Which thresholds decided the size. */
    rule: { zh: string; en: string };
    /** The indicators the industry group's standard uses, in X, Y, Z order. */
    indicators: SizeIndicator[];
  };
}

const INDICATOR_ORDER: readonly SizeIndicator[] = ['X', 'Y', 'Z'];

const INDICATOR_FIELD: Readonly<Record<SizeIndicator, keyof EnterpriseSizeInput>> = {
  X: 'employees',
  Y: 'revenueWan',
  Z: 'assetsWan',
};

const INDICATOR_NAME: Readonly<Record<SizeIndicator, ZhEn & { unitZh: string; unitEn: string }>> = {
  X: { zh: '从业人员', en: 'employees', unitZh: '人', unitEn: '' },
  Y: { zh: '营业收入', en: 'operating revenue', unitZh: '万元', unitEn: ' (10k CNY)' },
  Z: { zh: '资产总额', en: 'total assets', unitZh: '万元', unitEn: ' (10k CNY)' },
};

const SIZE_NAME: Readonly<Record<EnterpriseSize, ZhEn>> = {
  large: { zh: '大型', en: 'large' },
  medium: { zh: '中型', en: 'medium' },
  small: { zh: '小型', en: 'small' },
  micro: { zh: '微型', en: 'micro' },
};

/** Classifies an enterprise as large, medium, small or micro under 300号. Throws PolicyInputError on bad input. */
export function classifyEnterprise(input: EnterpriseSizeInput): EnterpriseSizeResult {
  if (input === null || typeof input !== 'object') {
    throw new PolicyInputError('input', { zh: '缺少划型输入', en: 'the classification input is missing' });
  }
  const { industry, industryCode } = resolveIndustry(input);
  const standard = ENTERPRISE_SIZE_STANDARDS[industry];
  const indicators = INDICATOR_ORDER.filter((k) => standard.small[k] !== undefined);

  const values = readIndicators(input, indicators, standard);
  const meets = (bound: SizeBound) => clauses(bound).every(([k, t]) => values[k]! >= BigInt(t));

  const isSme = !meets(standard.smeBelow);
  const size: EnterpriseSize = !isSme ? 'large' : meets(standard.medium) ? 'medium' : meets(standard.small) ? 'small' : 'micro';

  return {
    size,
    isSme,
    industry,
    basis: {
      standard: '工信部联企业〔2011〕300号',
      article: '第二十条',
      ...(industryCode === undefined ? {} : { industryCode }),
      rule: describeRule(size, standard, values),
      indicators,
    },
  };
}

function resolveIndustry(input: EnterpriseSizeInput): { industry: IndustryGroup; industryCode?: string } {
  const hasGroup = input.industry !== undefined;
  const hasCode = input.industryCode !== undefined;
  if (hasGroup === hasCode) {
    throw new PolicyInputError('industry', {
      zh: hasGroup ? '行业分组与行业代码只能给出其一' : '须给出行业分组或国民经济行业代码之一',
      en: hasGroup
        ? 'give either industry or industryCode, not both'
        : 'give exactly one of industry (group) and industryCode (GB/T 4754-2017)',
    });
  }
  if (hasGroup) {
    const group = input.industry as unknown;
    if (typeof group !== 'string' || !(INDUSTRY_GROUPS as readonly string[]).includes(group)) {
      throw new PolicyInputError('industry', {
        zh: `未知的行业分组“${String(group)}”`,
        en: `unknown industry group '${String(group)}' (expected one of ${INDUSTRY_GROUPS.join(', ')})`,
      });
    }
    return { industry: group as IndustryGroup };
  }
  const code = normaliseIndustryCode(input.industryCode);
  return { industry: industryGroupForCode(code), industryCode: code };
}

// ---------------------------------------------------------------------------------------------------
// GB/T 4754-2017 code → industry group

/** The 大类 (2-digit divisions) of each 门类 (section) of GB/T 4754-2017. */
const SECTION_DIVISIONS: Readonly<Record<string, readonly [number, number]>> = {
  A: [1, 5],
  B: [6, 12],
  C: [13, 43],
  D: [44, 46],
  E: [47, 50],
  F: [51, 52],
  G: [53, 60],
  H: [61, 62],
  I: [63, 65],
  J: [66, 69],
  K: [70, 70],
  L: [71, 72],
  M: [73, 75],
  N: [76, 79],
  O: [80, 82],
  P: [83, 83],
  Q: [84, 85],
  R: [86, 90],
  S: [91, 96],
  T: [97, 97],
};

/** Section-wide mappings; `null` means the section alone is not enough (or is not covered). */
const SECTION_GROUP: Readonly<Record<string, IndustryGroup | null>> = {
  A: 'agriculture',
  B: 'industry',
  C: 'industry',
  D: 'industry',
  E: 'construction',
  L: 'leasing_business_services',
  M: 'other',
  N: 'other',
  O: 'other',
  P: 'other',
  Q: 'other',
  R: 'other',
};

/** Division-level mappings for the sections 300号 splits. */
const DIVISION_GROUP: Readonly<Record<number, IndustryGroup>> = {
  51: 'wholesale',
  52: 'retail',
  54: 'transport',
  55: 'transport',
  56: 'transport',
  57: 'transport',
  58: 'transport',
  59: 'warehousing',
  60: 'postal',
  61: 'accommodation',
  62: 'catering',
  63: 'information_transmission',
  64: 'information_transmission',
  65: 'software_it',
};

/** 房地产业 (K70) groups by 中类: 701 开发经营, 702 物业管理, the rest (703 中介, 704 租赁经营, 709 其他) other. */
const K70_GROUP: Readonly<Record<string, IndustryGroup>> = {
  '1': 'real_estate_development',
  '2': 'property_management',
};

function codeError(code: string, zh: string, en: string): PolicyInputError {
  return new PolicyInputError('industryCode', { zh: `行业代码“${code}”${zh}`, en: `industry code '${code}': ${en}` });
}

function normaliseIndustryCode(raw: unknown): string {
  if (typeof raw !== 'string') {
    throw new PolicyInputError('industryCode', { zh: '行业代码须为字符串', en: 'the industry code must be a string' });
  }
  return raw.trim().toUpperCase();
}

/**
 * Maps a GB/T 4754-2017 code (门类 letter, optionally with its 2-digit 大类, 3-digit 中类 or 4-digit 小类;
 * case-insensitive) to the 300号 industry group. Throws PolicyInputError (field `industryCode`) when the
 * code is malformed, not in its section, ambiguous, or outside the scope of 300号.
 */
export function industryGroupForCode(industryCode: string): IndustryGroup {
  const code = normaliseIndustryCode(industryCode);
  const m = /^([A-Z])(\d{2,4})?$/.exec(code);
  if (m === null) {
    throw codeError(
      code,
      '格式不正确：应为门类字母，可后接 2 位大类、3 位中类或 4 位小类代码（如 C39、I65、K701）',
      'malformed: expected a section letter optionally followed by a 2-digit division, 3-digit group or 4-digit class (e.g. C39, I65, K701)',
    );
  }
  const section = m[1]!;
  const digits = m[2];
  const range = SECTION_DIVISIONS[section];
  if (range === undefined) {
    throw codeError(code, `的门类“${section}”不存在（GB/T 4754-2017 门类为 A–T）`, `section '${section}' does not exist (GB/T 4754-2017 sections are A-T)`);
  }
  const division = digits === undefined ? undefined : Number(digits.slice(0, 2));
  if (division !== undefined && (division < range[0] || division > range[1])) {
    const span = `${pad2(range[0])}–${pad2(range[1])}`;
    throw codeError(
      code,
      `的大类“${digits!.slice(0, 2)}”不属于门类 ${section}（${section} 门类大类为 ${span}）`,
      `division '${digits!.slice(0, 2)}' does not belong to section ${section} (its divisions are ${span.replace('–', '-')})`,
    );
  }

  switch (section) {
    case 'J':
      throw codeError(code, '属于金融业，不在 300 号文划型范围内', 'finance (section J) is not covered by 300号');
    case 'S':
    case 'T':
      throw codeError(
        code,
        '属于公共管理、社会保障和社会组织或国际组织，不属于本标准划型的企业',
        'public administration, social organisations or international organisations (sections S, T) are not enterprises under 300号',
      );
  }
  const sectionGroup = SECTION_GROUP[section];
  if (sectionGroup !== undefined && sectionGroup !== null) return sectionGroup;

  if (division === undefined) {
    const hint: Record<string, ZhEn> = {
      F: { zh: 'F51（批发业）或 F52（零售业）', en: 'F51 (wholesale) or F52 (retail)' },
      G: { zh: 'G54–G58（交通运输）、G59（仓储）或 G60（邮政）', en: 'G54-G58 (transport), G59 (warehousing) or G60 (postal)' },
      H: { zh: 'H61（住宿业）或 H62（餐饮业）', en: 'H61 (accommodation) or H62 (catering)' },
      I: { zh: 'I63、I64（信息传输）或 I65（软件和信息技术服务）', en: 'I63, I64 (information transmission) or I65 (software and IT services)' },
      K: { zh: 'K701（房地产开发经营）或 K702（物业管理）等中类', en: 'a group such as K701 (real estate development) or K702 (property management)' },
    };
    const h = hint[section]!;
    throw codeError(code, `仅有门类，无法确定划型行业，请给出 ${h.zh}`, `a bare section is ambiguous; give ${h.en}`);
  }
  if (division === 53) {
    throw codeError(code, '属于铁路运输业，300 号文交通运输业不含铁路运输业', 'railway transport (G53) is excluded from transport by 300号');
  }
  if (division === 70) {
    const sub = digits!.slice(2, 3);
    if (sub === '') {
      throw codeError(
        code,
        '大类 K70 无法确定划型行业，请给出中类 K701（房地产开发经营）或 K702（物业管理）等',
        'division K70 is ambiguous; give a group such as K701 (real estate development) or K702 (property management)',
      );
    }
    if (sub === '0') {
      throw codeError(code, '的中类不存在（K70 中类为 701–709）', 'the group does not exist (K70 groups are 701-709)');
    }
    return K70_GROUP[sub] ?? 'other';
  }
  const group = DIVISION_GROUP[division];
  if (group === undefined) throw codeError(code, '无法映射到划型行业', 'cannot be mapped to an industry group');
  return group;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

// ---------------------------------------------------------------------------------------------------
// Indicators: exact integer parts

type IndicatorValues = Partial<Record<SizeIndicator, bigint>>;

function readIndicators(input: EnterpriseSizeInput, used: readonly SizeIndicator[], standard: IndustrySizeStandard): IndicatorValues {
  const values: IndicatorValues = {};
  // Employees are always given and always validated, even for groups that do not use them.
  values.X = employeesOf(input.employees);
  for (const k of ['Y', 'Z'] as const) {
    const field = INDICATOR_FIELD[k];
    const raw = input[field] as unknown;
    if (raw === undefined) {
      if (used.includes(k)) {
        const n = INDICATOR_NAME[k];
        throw new PolicyInputError(field, {
          zh: `${standard.name.zh}划型需要${n.zh}（万元）`,
          en: `${standard.name.en} is classified by ${n.en}${n.unitEn}: ${field} is required`,
        });
      }
      continue;
    }
    // An indicator that is given is validated even when the group does not use it.
    values[k] = wholeWanOf(field, raw);
  }
  return values;
}

function employeesOf(raw: unknown): bigint {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
    throw new PolicyInputError('employees', {
      zh: `从业人员须为非负整数，收到“${String(raw)}”`,
      en: `employees must be a non-negative integer, got '${String(raw)}'`,
    });
  }
  return BigInt(raw);
}


/** The integer part (floor) of a non-negative amount in 万元, read exactly. */
function wholeWanOf(field: string, raw: unknown): bigint {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) {
      throw new PolicyInputError(field, {
        zh: `金额须为非负有限数，收到“${String(raw)}”`,
        en: `the amount must be a finite non-negative number, got '${String(raw)}'`,
      });
    }
    return BigInt(Math.floor(raw));
  }
  const m = typeof raw === 'string' ? DECIMAL.exec(raw.trim()) : null;
  if (m === null) {
    throw new PolicyInputError(field, {
      zh: `金额格式不正确：应为非负十进制数（如 300 或 299.99），收到“${String(raw)}”`,
      en: `malformed amount: expected a non-negative decimal such as 300 or 299.99, got '${String(raw)}'`,
    });
  }
  return BigInt(m[1]!);
}

// ---------------------------------------------------------------------------------------------------
// The rule that decided it

function clauses(bound: SizeBound): Array<[SizeIndicator, number]> {
  return INDICATOR_ORDER.filter((k) => bound[k] !== undefined).map((k) => [k, bound[k]!]);
}

function atLeast([k, t]: [SizeIndicator, number]): ZhEn {
  const n = INDICATOR_NAME[k];
  return { zh: `${n.zh} ${t} ${n.unitZh}及以上`, en: `${n.en} >= ${t}${n.unitEn}` };
}

function below([k, t]: [SizeIndicator, number]): ZhEn {
  const n = INDICATOR_NAME[k];
  return { zh: `${n.zh} ${t} ${n.unitZh}以下`, en: `${n.en} < ${t}${n.unitEn}` };
}

function join(parts: ZhEn[], zh: string, en: string): ZhEn {
  return { zh: parts.map((p) => p.zh).join(zh), en: parts.map((p) => p.en).join(en) };
}

function describeRule(size: EnterpriseSize, standard: IndustrySizeStandard, values: IndicatorValues): ZhEn {
  const unmet = (bound: SizeBound) => clauses(bound).filter(([k, t]) => values[k]! < BigInt(t));
  const all = (bound: SizeBound) => join(clauses(bound).map(atLeast), '且', ' and ');
  const missed = (bound: SizeBound) => join(unmet(bound).map(below), '且', ' and ');
  const s = SIZE_NAME[size];
  switch (size) {
    case 'large': {
      const c = all(standard.smeBelow);
      return {
        zh: `${c.zh}为${s.zh}（不属于中小微型企业）`,
        en: `${c.en}: ${s.en} (not an SME)`,
      };
    }
    case 'medium': {
      const c = all(standard.medium);
      const m = missed(standard.smeBelow);
      return {
        zh: `${c.zh}为${s.zh}（${m.zh}，属于中小微型企业）`,
        en: `${c.en}: ${s.en} (an SME as ${m.en})`,
      };
    }
    case 'small': {
      const c = all(standard.small);
      const m = missed(standard.medium);
      return {
        zh: `${c.zh}为${s.zh}（未达中型标准：${m.zh}）`,
        en: `${c.en}: ${s.en} (below medium as ${m.en})`,
      };
    }
    case 'micro': {
      const m = missed(standard.small);
      const c = all(standard.small);
      return {
        zh: `${m.zh}为${s.zh}（未达小型标准：${c.zh}）`,
        en: `${m.en}: ${s.en} (below small, which needs ${c.en})`,
      };
    }
  }
}
