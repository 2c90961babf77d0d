import { type AnnualReportEntity, EvaluationResultEntity, type PlatformEntity } from '@sme/persistence';
import {
  type AnnualReportContent,
  annualReportDeadline,
  daysBetween,
  decimalToHundredths,
  evaluatePlatform,
  hundredthsToDecimal,
  type IndicatorFacts,
  type IndicatorSet,
  percentShown,
  type PolicyVersion,
  rankTotals,
  reportFacts,
  type WorkingDayCalendar,
} from '@sme/policy';
import type { EntityManager } from 'typeorm';

/**
 * The facts the indicators read for a platform and year (第十九条): the report's (第十五条; the earlier free form gives
 * what its five numbers can), the register's functions (第八条), and how many days after its due date the report came
 * (the official working-day calendar moves the date off rest days). No report: every report fact is null.
 */
export function gatherFacts(
  year: number,
  report: AnnualReportEntity | null,
  platform: PlatformEntity | null,
  calendar: WorkingDayCalendar,
  policy: Pick<PolicyVersion, 'periods'>,
): { facts: IndicatorFacts; reportFiled: boolean } {
  const facts: IndicatorFacts = {
    'report.smesServed': null,
    'report.activities': null,
    'report.functionsDelivered': null,
    'report.satisfactionPercent': null,
    'report.freeOrLowFeePercent': null,
    'report.qualifiedStaffPercent': null,
    'report.staff': null,
    'registry.functions': platform?.functions ? String(platform.functions.length) : null,
    'service.reportDaysLate': null,
    'service.reportChases': null,
  };
  if (!report) return { facts, reportFiled: false };
  const content = report.content as Partial<AnnualReportContent> & { operation?: { smesServed: number; activities: number; staff: number; satisfaction: number } };
  if (content.form === 'annual-report/2') Object.assign(facts, reportFacts(content as AnnualReportContent));
  else if (content.operation) {
    const op = content.operation;
    Object.assign(facts, { 'report.smesServed': String(op.smesServed), 'report.activities': String(op.activities), 'report.staff': String(op.staff), 'report.satisfactionPercent': percentShown(op.satisfaction) });
  }
  const due = annualReportDeadline(year, calendar, policy).due;
  facts['service.reportDaysLate'] = String(Math.max(0, daysBetween(due, report.submittedOn)));
  // The chases the platform workflow sent before the report came (kept with reports filed since it was recorded).
  facts['service.reportChases'] = report.chases === null || report.chases === undefined ? null : String(report.chases);
  return { facts, reportFiled: true };
}

/** The expert score that counts: the mean of the experts' scores, two places, halves up; null while none is given. */
export function expertMean(scores: Array<{ score: string }>): string | null {
  if (!scores.length) return null;
  const sum = scores.reduce((s, x) => s + decimalToHundredths(x.score)!, 0);
  return hundredthsToDecimal(Math.floor((2 * sum + scores.length) / (2 * scores.length)));
}

/**
 * The panel's score: with a panel named, the mean of its experts' scores once every one of them has scored (an expert
 * who stood aside holds it until staff replace them), else null; with none named, the mean of whatever scores there are.
 */
export function panelScore(panel: readonly string[], scores: Array<{ expert: string; score: string }>): string | null {
  if (!panel.length) return expertMean(scores);
  const counted = scores.filter((x) => panel.includes(x.expert));
  return counted.length === panel.length ? expertMean(counted) : null;
}

/** A row's evaluation from its facts, adjustments and expert scores: the indicators, total and outcome to store. */
export function computeResult(set: IndicatorSet, row: Pick<EvaluationResultEntity, 'facts' | 'reportFiled' | 'adjustments' | 'expertScores'> & { expertPanel?: string[] }): Pick<EvaluationResultEntity, 'evaluation' | 'total' | 'outcome'> {
  const facts: IndicatorFacts = { ...row.facts, 'expert.score': panelScore(row.expertPanel ?? [], row.expertScores ?? []) };
  const e = evaluatePlatform(set, facts, row.adjustments ?? [], row.reportFiled);
  return { evaluation: e as unknown as Record<string, unknown>, total: e.total, outcome: e.outcome };
}

/** Ranks the year's totals afresh (libs/policy rankTotals: equal totals share a rank), in one statement; answers how many are ranked. */
export async function rerank(m: EntityManager, year: number): Promise<number> {
  const rows = await m.find(EvaluationResultEntity, { where: { year }, select: { creditCode: true, total: true } });
  const ranked = rankTotals(rows.map((r) => ({ creditCode: r.creditCode, total: hundredthsToDecimal(decimalToHundredths(r.total)!) })));
  await m.query(
    `UPDATE applications.evaluation_result r SET rank = x.rank FROM unnest($2::text[], $3::int[]) AS x(code, rank)
      WHERE r.year = $1 AND r.credit_code = x.code AND r.rank IS DISTINCT FROM x.rank`,
    [year, ranked.map((r) => r.creditCode), ranked.map((r) => r.rank)],
  );
  return rows.length;
}

