/**
 * The annual evaluation (第十九条 "总量控制、优胜劣汰、动态调整"; Annex 3, whose text is not in our copy) as data and
 * pure arithmetic. An indicator set is versioned data: each indicator reads one fact (from the annual report, the
 * registry, the system's own record of the platform, or experts), turns it into 0-100 points by its rule, and counts
 * with its weight (percent of the total). Outcome bands map the total to 优秀 / 合格 / 整改 / 不合格.
 *
 * Every number is exact: facts and points are decimal strings, counted in integer hundredths; no binary floats.
 */
import { decimalToHundredths, hundredthsToDecimal } from './decimal';
import type { Text } from './policy-version';

/** Where an indicator's fact comes from. */
export type IndicatorSourceKind = 'report' | 'registry' | 'service' | 'expert';

/** The facts the system can gather for a platform and year, by key, with their source. */
export const INDICATOR_FACTS = {
  'report.smesServed': { source: 'report', name: { zh: '服务本地中小企业数（按300号划型）', en: 'local SMEs served (sized by 300号)' }, unit: { zh: '家', en: '' } },
  'report.activities': { source: 'report', name: { zh: '服务活动次数（各项服务功能合计）', en: 'service activities (all functions)' }, unit: { zh: '次', en: '' } },
  'report.functionsDelivered': { source: 'report', name: { zh: '实际开展的服务功能数', en: 'service functions delivered' }, unit: { zh: '项', en: '' } },
  'report.satisfactionPercent': { source: 'report', name: { zh: '服务满意度', en: 'satisfaction' }, unit: { zh: '%', en: '%' } },
  'report.freeOrLowFeePercent': { source: 'report', name: { zh: '公益性或低收费服务占比', en: 'share of free or low-fee services' }, unit: { zh: '%', en: '%' } },
  'report.qualifiedStaffPercent': { source: 'report', name: { zh: '服务人员中大专以上学历或中级以上职称占比', en: 'qualified staff share' }, unit: { zh: '%', en: '%' } },
  'report.staff': { source: 'report', name: { zh: '为中小企业服务的人员数', en: 'staff serving SMEs' }, unit: { zh: '人', en: '' } },
  'registry.functions': { source: 'registry', name: { zh: '认定的服务功能数', en: 'recognised service functions' }, unit: { zh: '项', en: '' } },
  'service.reportDaysLate': { source: 'service', name: { zh: '年度报告逾期天数', en: 'days the annual report was late' }, unit: { zh: '天', en: ' days' } },
  'service.reportChases': { source: 'service', name: { zh: '年度报告被催报次数', en: 'chases for the annual report' }, unit: { zh: '次', en: '' } },
  'expert.score': { source: 'expert', name: { zh: '专家评分', en: 'expert score' }, unit: { zh: '分', en: '' } },
} as const satisfies Record<string, { source: IndicatorSourceKind; name: Text; unit: Text }>;

export type IndicatorFactKey = keyof typeof INDICATOR_FACTS;

/**
 * How a fact becomes points (0-100):
 * - `bands`: the points of the highest band whose `atLeast` the fact reaches (bands in any order), else `otherwise` (0);
 * - `linear`: 0 points at `zeroAt`, 100 at `fullAt`, straight in between and capped at both ends (a `zeroAt` above
 *   `fullAt` scores fewer as the fact grows, e.g. days late);
 * - `per_unit`: `points` for each unit of the fact, capped at 100 (MIIT: 20 points per channel);
 * - `direct`: the fact is already points (an expert score 0-100).
 */
export type ScoringRule =
  | { kind: 'bands'; bands: Array<{ atLeast: string; points: string }>; otherwise?: string }
  | { kind: 'linear'; zeroAt: string; fullAt: string }
  | { kind: 'per_unit'; points: string }
  | { kind: 'direct' };

export interface Indicator {
  id: string;
  name: Text;
  /** The first-level group it belongs to (its weight is the sum of its indicators'). */
  group: string;
  fact: IndicatorFactKey;
  rule: ScoringRule;
  /** Percent of the total score (all weights of a set add up to 100). */
  weight: number;
  /** The article the indicator rests on. */
  article: string;
  /** Qualitative: scored by experts (`fact: 'expert.score'`) under the panel's conflict rules (第十二条). */
  qualitative?: boolean;
}

export type EvaluationOutcome = 'excellent' | 'pass' | 'rectify' | 'fail';

export const OUTCOME_NAMES: Record<EvaluationOutcome, Text> = {
  excellent: { zh: '优秀', en: 'excellent' },
  pass: { zh: '合格', en: 'pass' },
  rectify: { zh: '整改', en: 'rectify' },
  fail: { zh: '不合格', en: 'fail' },
};

/** A versioned indicator set (Annex 3), bound to a policy version and used from an evaluated year on. */
export interface IndicatorSet {
  id: string;
  policyVersion: string;
  /** The first evaluated year it applies to (a later set of the same policy version takes over from its year). */
  fromYear: number;
  /** `provisional`: built from Arts. 6-8 and the report until the official Annex 3 is entered; `official`: Annex 3. */
  status: 'provisional' | 'official';
  title: Text;
  note: Text;
  groups: Array<{ id: string; name: Text }>;
  indicators: Indicator[];
  /** Lowest total (inclusive) for each outcome; the highest band reached wins. One band must start at 0. */
  outcomeBands: Array<{ outcome: EvaluationOutcome; atLeast: string }>;
}

export interface IndicatorSetProblem {
  path: string;
  reason: Text;
}

const isPoints = (s: unknown): boolean => {
  const h = decimalToHundredths(s);
  return h !== null && h <= 10_000 && typeof s === 'string';
};

/** Everything wrong with a set, so that a new set (data) is refused before any evaluation uses it. */
export function checkIndicatorSet(set: IndicatorSet): IndicatorSetProblem[] {
  const out: IndicatorSetProblem[] = [];
  const bad = (path: string, zh: string, en: string) => out.push({ path, reason: { zh, en } });
  if (!set.id?.trim()) bad('id', '指标体系须有编号', 'the set needs an id');
  if (!Number.isInteger(set.fromYear) || set.fromYear < 2000) bad('fromYear', '起用年度无效', 'fromYear is not a year');
  const groups = new Set(set.groups.map((g) => g.id));
  if (groups.size !== set.groups.length) bad('groups', '一级指标编号重复', 'duplicate group ids');
  const ids = new Set<string>();
  let total = 0;
  set.indicators.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    if (ids.has(ind.id)) bad(`${at}.id`, `指标编号 ${ind.id} 重复`, `duplicate indicator id ${ind.id}`);
    ids.add(ind.id);
    if (!groups.has(ind.group)) bad(`${at}.group`, `一级指标 ${ind.group} 不存在`, `no group ${ind.group}`);
    if (!(ind.fact in INDICATOR_FACTS)) bad(`${at}.fact`, `未知的数据来源 ${ind.fact}`, `unknown fact ${ind.fact}`);
    if (!Number.isInteger(ind.weight) || ind.weight < 0 || ind.weight > 100) bad(`${at}.weight`, '权重须为 0-100 的整数', 'weight is a whole percent 0-100');
    else total += ind.weight;
    if (!/^第[一二三四五六七八九十]+条/.test(ind.article)) bad(`${at}.article`, '须写明依据条款', 'name the article');
    const qualitative = ind.fact === 'expert.score';
    if (qualitative !== (ind.qualitative === true)) bad(`${at}.qualitative`, '专家评分的指标须标为定性指标，反之亦然', 'expert-scored indicators and only they are qualitative');
    const r = ind.rule;
    if (r.kind === 'bands') {
      if (!r.bands.length) bad(`${at}.rule`, '分档不能为空', 'no bands');
      r.bands.forEach((b, j) => {
        if (decimalToHundredths(b.atLeast) === null) bad(`${at}.rule.bands[${j}].atLeast`, '门槛须为最多两位小数的数', 'atLeast is a decimal with at most two places');
        if (!isPoints(b.points)) bad(`${at}.rule.bands[${j}].points`, '分值须为 0-100', 'points are 0-100');
      });
      if (r.otherwise !== undefined && !isPoints(r.otherwise)) bad(`${at}.rule.otherwise`, '分值须为 0-100', 'points are 0-100');
    } else if (r.kind === 'linear') {
      const z = decimalToHundredths(r.zeroAt);
      const f = decimalToHundredths(r.fullAt);
      if (z === null || f === null || z === f) bad(`${at}.rule`, '线性区间的两端须为不同的数', 'zeroAt and fullAt are different decimals');
    } else if (r.kind === 'per_unit') {
      if (!isPoints(r.points) || decimalToHundredths(r.points) === 0) bad(`${at}.rule.points`, '每单位分值须为 0-100 且大于 0', 'points per unit are above 0, at most 100');
    } else if (r.kind === 'direct') {
      if (!qualitative) bad(`${at}.rule`, '只有专家评分可直接计分', 'only expert scores count directly');
    } else bad(`${at}.rule`, '未知的计分规则', 'unknown rule');
  });
  if (total !== 100) bad('indicators', `权重合计须为 100，现为 ${total}`, `the weights add up to ${total}, not 100`);
  const outcomes = set.outcomeBands.map((b) => b.outcome);
  if (new Set(outcomes).size !== outcomes.length) bad('outcomeBands', '考核结果分档重复', 'an outcome appears twice');
  for (const [j, b] of set.outcomeBands.entries()) {
    if (!(b.outcome in OUTCOME_NAMES)) bad(`outcomeBands[${j}].outcome`, '未知的考核结果', 'unknown outcome');
    if (!isPoints(b.atLeast)) bad(`outcomeBands[${j}].atLeast`, '分数线须为 0-100', 'the line is 0-100');
  }
  if (!set.outcomeBands.some((b) => decimalToHundredths(b.atLeast) === 0)) bad('outcomeBands', '须有一档从 0 分起', 'one band must start at 0');
  const lines = set.outcomeBands.map((b) => decimalToHundredths(b.atLeast));
  if (new Set(lines).size !== lines.length) bad('outcomeBands', '分数线重复', 'two bands start at the same total');
  // The better the outcome, the higher its line.
  const order: EvaluationOutcome[] = ['excellent', 'pass', 'rectify', 'fail'];
  const sorted = [...set.outcomeBands].sort((a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome));
  for (let k = 1; k < sorted.length; k++) {
    if ((decimalToHundredths(sorted[k]!.atLeast) ?? 0) >= (decimalToHundredths(sorted[k - 1]!.atLeast) ?? 0)) {
      bad('outcomeBands', '较好结果的分数线须高于较差结果', 'a better outcome needs a higher line');
      break;
    }
  }
  return out;
}

export class IndicatorSetError extends Error {
  constructor(readonly problems: IndicatorSetProblem[]) {
    super(`indicator set refused: ${problems.map((p) => `${p.path}: ${p.reason.en}`).join('; ')}`);
    this.name = 'IndicatorSetError';
  }
}

/** The indicator sets the system knows; a new set (the official Annex 3, other weights) is added as data. */
export class IndicatorSetRegistry {
  private readonly byId: ReadonlyMap<string, IndicatorSet>;

  constructor(sets: IndicatorSet[]) {
    for (const s of sets) {
      const problems = checkIndicatorSet(s);
      if (problems.length) throw new IndicatorSetError(problems);
    }
    this.byId = new Map(sets.map((s) => [s.id, s]));
  }

  with(set: IndicatorSet): IndicatorSetRegistry {
    return new IndicatorSetRegistry([...this.byId.values(), set]);
  }

  list(): IndicatorSet[] {
    return [...this.byId.values()].sort((a, b) => a.fromYear - b.fromYear || a.id.localeCompare(b.id));
  }

  get(id: string): IndicatorSet {
    const s = this.byId.get(id);
    if (!s) throw new Error(`no indicator set ${id}`);
    return s;
  }

  /** The set for an evaluated year under a policy version: the latest one whose `fromYear` has come (official before provisional). */
  forYear(policyVersion: string, year: number): IndicatorSet {
    const found = this.list()
      .filter((s) => s.policyVersion === policyVersion && s.fromYear <= year)
      .sort((a, b) => a.fromYear - b.fromYear || (a.status === b.status ? 0 : a.status === 'official' ? 1 : -1))
      .pop();
    if (!found) throw new Error(`no indicator set for ${policyVersion} in ${year}`);
    return found;
  }
}

/** The facts gathered for one platform: decimal strings, or null when the source has none (no report filed). */
export type IndicatorFacts = Partial<Record<IndicatorFactKey, string | null>>;

/** Staff's change of one indicator's points, always with a reason (audited). */
export interface IndicatorAdjustment {
  indicator: string;
  points: string;
  reason: string;
  by: string;
  at: string;
}

export interface IndicatorScore {
  id: string;
  fact: IndicatorFactKey;
  /** The fact as gathered (null: none). */
  value: string | null;
  /** Points by the rule, 0-100, two places. */
  computed: string;
  /** Staff's adjustment, when there is one. */
  adjusted: { points: string; reason: string; by: string; at: string } | null;
  /** The points that count. */
  points: string;
  /** points x weight / 100: what the indicator adds to the total. */
  weighted: string;
  weight: number;
  /** Why the indicator needs attention: the fact is missing, or an expert score is still awaited. */
  flag: 'no-report' | 'no-data' | 'expert-pending' | null;
}

export interface PlatformEvaluation {
  indicatorSet: string;
  indicators: IndicatorScore[];
  total: string;
  outcome: EvaluationOutcome;
  flags: Array<'no-report' | 'expert-pending' | 'adjusted'>;
}

const H = 100; // hundredths per point
const FULL = 100 * H;

/** Rounds a non-negative rational num/den to the nearest integer, halves up. */
function roundDiv(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

/** The points (in hundredths, 0-10000) a fact earns by a rule. */
export function pointsFor(rule: ScoringRule, value: string): number {
  const v = decimalToHundredths(value);
  if (v === null) throw new RangeError(`not a fact: ${value}`);
  switch (rule.kind) {
    case 'bands': {
      const reached = rule.bands.filter((b) => v >= decimalToHundredths(b.atLeast)!).map((b) => decimalToHundredths(b.points)!);
      return reached.length ? Math.max(...reached) : decimalToHundredths(rule.otherwise ?? '0')!;
    }
    case 'linear': {
      const z = BigInt(decimalToHundredths(rule.zeroAt)!);
      const f = BigInt(decimalToHundredths(rule.fullAt)!);
      const x = BigInt(v);
      const up = f > z;
      const num = up ? x - z : z - x;
      const den = up ? f - z : z - f;
      if (num <= 0n) return 0;
      if (num >= den) return FULL;
      return Number(roundDiv(num * BigInt(FULL), den));
    }
    case 'per_unit': {
      // Whole units only: 2.5 channels are 2.
      const units = BigInt(Math.floor(v / H));
      const p = units * BigInt(decimalToHundredths(rule.points)!);
      return p >= BigInt(FULL) ? FULL : Number(p);
    }
    case 'direct':
      return Math.min(v, FULL);
  }
}

/** The outcome the bands give a total. */
export function outcomeFor(set: Pick<IndicatorSet, 'outcomeBands'>, total: string): EvaluationOutcome {
  const t = decimalToHundredths(total)!;
  const reached = set.outcomeBands.filter((b) => t >= decimalToHundredths(b.atLeast)!).sort((a, b) => decimalToHundredths(b.atLeast)! - decimalToHundredths(a.atLeast)!);
  return reached[0]!.outcome;
}

/**
 * One platform's evaluation: each indicator's points by its rule (or by staff's adjustment), weighted into the total,
 * and the outcome band. A fact the platform did not give (no report) earns 0 and is flagged; so is an expert score
 * not yet given, which counts 0 until it is.
 */
export function evaluatePlatform(set: IndicatorSet, facts: IndicatorFacts, adjustments: IndicatorAdjustment[] = [], reportFiled = true): PlatformEvaluation {
  const flags = new Set<PlatformEvaluation['flags'][number]>();
  let weightedSum = 0n;
  const indicators = set.indicators.map((ind): IndicatorScore => {
    const raw = facts[ind.fact];
    const value = raw === undefined || raw === null ? null : raw;
    const computed = value === null ? 0 : pointsFor(ind.rule, value);
    const adj = [...adjustments].reverse().find((a) => a.indicator === ind.id) ?? null;
    const points = adj ? decimalToHundredths(adj.points)! : computed;
    let flag: IndicatorScore['flag'] = null;
    if (value === null) {
      if (INDICATOR_FACTS[ind.fact].source === 'report' && !reportFiled) flag = 'no-report';
      else if (ind.qualitative) flag = 'expert-pending';
      else flag = 'no-data';
    }
    if (flag === 'no-report' && !adj) flags.add('no-report');
    if (flag === 'expert-pending' && !adj) flags.add('expert-pending');
    if (adj) flags.add('adjusted');
    const weighted = BigInt(points) * BigInt(ind.weight);
    weightedSum += weighted;
    return {
      id: ind.id,
      fact: ind.fact,
      value,
      computed: hundredthsToDecimal(computed),
      adjusted: adj ? { points: hundredthsToDecimal(decimalToHundredths(adj.points)!), reason: adj.reason, by: adj.by, at: adj.at } : null,
      points: hundredthsToDecimal(points),
      weighted: hundredthsToDecimal(Number(roundDiv(weighted, 100n))),
      weight: ind.weight,
      flag,
    };
  });
  if (!reportFiled) flags.add('no-report');
  const total = hundredthsToDecimal(Number(roundDiv(weightedSum, 100n)));
  return { indicatorSet: set.id, indicators, total, outcome: outcomeFor(set, total), flags: [...flags] };
}

/** A refusal of an adjustment: bad points, no reason, an unknown indicator. */
export function adjustmentProblem(set: IndicatorSet, a: Pick<IndicatorAdjustment, 'indicator' | 'points' | 'reason'>): Text | null {
  if (!set.indicators.some((i) => i.id === a.indicator)) return { zh: `指标体系中没有指标 ${a.indicator}`, en: `the set has no indicator ${a.indicator}` };
  if (!isPoints(a.points)) return { zh: '调整后的分值须为 0-100、最多两位小数', en: 'the points are 0-100 with at most two places' };
  if (!a.reason?.trim()) return { zh: '调整指标须写明理由', en: 'an adjustment needs its reason' };
  return null;
}

/**
 * Ranks totals, highest first; equal totals share a rank (1, 2, 2, 4) and are listed by credit code. Returns the
 * rank of each credit code.
 */
export function rankTotals(totals: Array<{ creditCode: string; total: string }>): Array<{ creditCode: string; total: string; rank: number }> {
  const sorted = [...totals].sort((a, b) => decimalToHundredths(b.total)! - decimalToHundredths(a.total)! || a.creditCode.localeCompare(b.creditCode));
  let rank = 0;
  return sorted.map((t, i) => {
    if (i === 0 || t.total !== sorted[i - 1]!.total) rank = i + 1;
    return { ...t, rank };
  });
}

/**
 * 总量控制 (第十九条): the number of titles an annual call may award. Titles still valid after the call year count
 * against the cap; those expiring within it free their place (their holders may apply again in that call, 第十七条).
 */
export function callQuotaFromCap(input: { cap: number; validTitles: number; expiringInYear: number; year: number }): { quota: number; stillValid: number; explanation: Text } {
  const stillValid = Math.max(0, input.validTitles - input.expiringInYear);
  const quota = Math.max(0, input.cap - stillValid);
  return {
    quota,
    stillValid,
    explanation: {
      zh: `总量上限 ${input.cap} 家 − 有效期跨过 ${input.year} 年的称号 ${stillValid} 家（现有有效称号 ${input.validTitles} 家，其中 ${input.expiringInYear} 家于 ${input.year} 年内到期）= 本年度可认定 ${quota} 家（第十九条 总量控制）`,
      en: `cap ${input.cap} − titles valid beyond ${input.year}: ${stillValid} (${input.validTitles} valid now, ${input.expiringInYear} of them expire in ${input.year}) = ${quota} may be awarded this year (Art. 19, total control)`,
    },
  };
}
