/**
 * Panel scores (第十二条) and the candidate list cut at the quota (第四条). Scores are decimals with at most two
 * places, given as JSON numbers or decimal strings; arithmetic is done in hundredths as integers.
 */
import { decimalToHundredths, hundredthsToDecimal } from './decimal';
import type { PolicyVersion, Text } from './policy-version';

/** A score the rubric refuses, with the criterion at fault and the reason in Chinese and English. */
export class RubricError extends RangeError {
  override readonly name = 'RubricError';

  constructor(
    readonly criterion: string,
    readonly reason: Text,
  ) {
    super(`${reason.zh} / ${reason.en}`);
  }
}

function toHundredths(score: string): number {
  const h = decimalToHundredths(score);
  if (h === null) throw new RangeError(`分数须为最多两位小数的非负数 / a score is a decimal with at most two places: ${score}`);
  return h;
}

const fromHundredths = hundredthsToDecimal;

/** The article the panel comes from, cited by every refusal of its size. */
export const PANEL_ARTICLE = '第十二条';

/**
 * Why a panel of `experts` experts is too small for the policy version (第十二条 "组织专家……评审打分"), or null
 * when it is large enough. The minimum is `panel.minExperts`, and never fewer than two: one expert is not a panel,
 * whatever a version's data say.
 */
export function panelSizeProblem(experts: number, policy: Pick<PolicyVersion, 'panel'>): Text | null {
  const min = Math.max(2, policy.panel.minExperts);
  if (experts >= min) return null;
  return {
    zh: `评审专家不少于 ${min} 名（第十二条，政策版本默认值），现指派 ${experts} 名`,
    en: `a panel needs at least ${min} experts (Art. 12, the policy version's default); ${experts} named`,
  };
}

/**
 * An evaluation panel on one platform (第十九条; 第十二条's conflict rules): at least the version's
 * `evaluation.minExperts` (never fewer than two) must remain once those in conflict stand aside.
 */
export function evaluationPanelProblem(experts: number, policy: Pick<PolicyVersion, 'evaluation'>): Text | null {
  const min = Math.max(2, policy.evaluation.minExperts);
  if (experts >= min) return null;
  return {
    zh: `每个示范平台须有不少于 ${min} 名无利益冲突的专家评分（政策版本默认值），现仅 ${experts} 名`,
    en: `each platform needs at least ${min} experts without a conflict (the policy version's default); only ${experts}`,
  };
}

export interface PanelAggregate {
  score: string;
  method: 'trimmed_mean' | 'mean';
  /** The panel disagrees: the standard deviation of the totals exceeds the policy's flag. */
  dispersed: boolean;
  totals: string[];
}

/**
 * Aggregates the experts' totals as the policy version says: with at least `trimWhenAtLeast` scores the highest and
 * the lowest are dropped (trimmed mean), else the plain mean; rounded half up to two places.
 */
export function aggregatePanel(totals: string[], policy: Pick<PolicyVersion, 'aggregation'>): PanelAggregate {
  if (totals.length === 0) throw new RangeError('no scores to aggregate');
  const h = totals.map(toHundredths).sort((a, b) => a - b);
  const trim = h.length >= policy.aggregation.trimWhenAtLeast;
  const used = trim ? h.slice(1, -1) : h;
  const sum = used.reduce((a, b) => a + b, 0);
  const mean = Math.floor((sum * 2 + used.length) / (used.length * 2)); // half up, integers only
  return { score: fromHundredths(mean), method: trim ? 'trimmed_mean' : 'mean', dispersed: spreadAbove(h, policy.aggregation.dispersionStdDevFlag), totals };
}

/**
 * Whether the population standard deviation of the scores (in hundredths) exceeds `flag` points, decided in integers:
 * sd > F  <=>  sum((n*x - S)^2) > (100F)^2 * n^3, so a spread exactly at the flag is never flagged by a rounding error.
 */
function spreadAbove(hundredths: number[], flag: number): boolean {
  const fh = decimalToHundredths(flag);
  if (fh === null) throw new RangeError(`dispersion flag is not a decimal with at most two places: ${flag}`);
  const n = BigInt(hundredths.length);
  const sum = hundredths.reduce((a, b) => a + BigInt(b), 0n);
  const squares = hundredths.reduce((a, b) => a + (n * BigInt(b) - sum) ** 2n, 0n);
  return squares > BigInt(fh) ** 2n * n ** 3n;
}

/**
 * Sums one expert's rubric scores (第十二条), refusing a criterion missing, unknown to the rubric, or not a decimal
 * from 0 to its maximum with at most two places. A score is a JSON number or a decimal string; "at most two
 * places" is decided on its shortest decimal representation, so 8.2, 0.29, 1.13, 4.35 and 19.99 are taken and
 * 8.205, 1e1, NaN and -1 are not. The total is exact: the sum of integer hundredths.
 */
export function rubricTotal(scores: Readonly<Record<string, number | string>>, policy: Pick<PolicyVersion, 'rubric'>): string {
  let total = 0;
  for (const c of policy.rubric.criteria) {
    const s = Object.prototype.hasOwnProperty.call(scores, c.id) ? scores[c.id] : undefined;
    if (s === undefined) throw new RubricError(c.id, { zh: `缺少评分项 ${c.id}`, en: `missing score for ${c.id}` });
    const h = decimalToHundredths(s);
    const max = decimalToHundredths(c.maxScore);
    if (max === null) throw new RangeError(`rubric maximum of ${c.id} is not a decimal with at most two places: ${c.maxScore}`);
    if (h === null || h > max) {
      throw new RubricError(c.id, {
        zh: `评分项 ${c.id} 须为 0 至 ${c.maxScore} 之间、最多两位小数的数（收到 ${JSON.stringify(s)}）`,
        en: `score for ${c.id} must be 0..${c.maxScore} with at most two places (got ${JSON.stringify(s)})`,
      });
    }
    total += h;
  }
  for (const k of Object.keys(scores)) {
    if (!policy.rubric.criteria.some((c) => c.id === k)) {
      throw new RubricError(k, { zh: `评分细则中没有评分项 ${k}`, en: `unknown rubric criterion ${k}` });
    }
  }
  return fromHundredths(total);
}

export interface Scored {
  applicationId: string;
  creditCode: string;
  institutionName: string;
  score: string;
  submittedAt: string;
}

export interface Ranked extends Scored {
  rank: number;
  withinQuota: boolean;
}

/**
 * Ranks scored applications and draws the quota line. Tie-break, documented: higher score first; on equal
 * scores the earlier submission; then the credit code in ascending order, so the order is total and stable.
 * Exactly `quota` candidates are within the line; a tie across the line is decided by the same order.
 */
export function rankCandidates(scored: Scored[], quota: number): Ranked[] {
  const sorted = [...scored].sort(
    (a, b) =>
      toHundredths(b.score) - toHundredths(a.score) ||
      a.submittedAt.localeCompare(b.submittedAt) ||
      a.creditCode.localeCompare(b.creditCode),
  );
  return sorted.map((s, i) => ({ ...s, rank: i + 1, withinQuota: i < quota }));
}

export const RANKING_RULE = {
  articles: ['第四条', '第十二条'],
  zh: '按专家评分由高到低排序；分数相同的，先提交者在前；仍相同的，按统一社会信用代码升序。取前 N 名（N 为年度推荐名额）。公示中异议成立的候选对象被移除，名额不自动递补。',
  en: 'Ranked by panel score, highest first; equal scores by earlier submission, then by credit code. The first N (the year\'s quota) are candidates. A candidate removed by an upheld objection is not replaced: the next-ranked one is not promoted automatically.',
} as const;
