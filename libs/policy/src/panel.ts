/**
 * Panel scores (第十二条) and the candidate list cut at the quota (第四条). Scores are decimal strings with at most
 * two places; arithmetic is done in hundredths as integers.
 */
import type { PolicyVersion } from './policy-version';

function toHundredths(score: string): number {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(score);
  if (!m) throw new RangeError(`a score is a decimal with at most two places: ${score}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function fromHundredths(h: number): string {
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
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
  const avg = h.reduce((a, b) => a + b, 0) / h.length;
  const sd = Math.sqrt(h.reduce((a, b) => a + (b - avg) ** 2, 0) / h.length) / 100;
  return { score: fromHundredths(mean), method: trim ? 'trimmed_mean' : 'mean', dispersed: sd > policy.aggregation.dispersionStdDevFlag, totals };
}

/** Sums one expert's rubric scores, refusing a criterion above its maximum or unknown to the rubric. */
export function rubricTotal(scores: Record<string, number>, policy: Pick<PolicyVersion, 'rubric'>): string {
  let total = 0;
  for (const c of policy.rubric.criteria) {
    const s = scores[c.id];
    if (s === undefined) throw new RangeError(`missing score for ${c.id}`);
    if (!Number.isFinite(s) || s < 0 || s > c.maxScore || Math.round(s * 100) !== s * 100) {
      throw new RangeError(`score for ${c.id} must be 0..${c.maxScore} with at most two places`);
    }
    total += Math.round(s * 100);
  }
  for (const k of Object.keys(scores)) {
    if (!policy.rubric.criteria.some((c) => c.id === k)) throw new RangeError(`unknown rubric criterion ${k}`);
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
