import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { EvaluationResultSummary, LifecycleActivities, PlatformDue } from '@sme/contracts';
import { AnnualReportEntity, appendAudit, EvaluationEntity, EvaluationResultEntity, PlatformEntity } from '@sme/persistence';
import { annualReportDeadline, INDICATOR_SETS, POLICIES } from '@sme/policy';
import { ApplicationFailure } from '@temporalio/activity';
import { type DataSource, type EntityManager, In, LessThan, type Repository } from 'typeorm';
import { CalendarService } from '../rules/calendar.service';
import { computeResult, gatherFacts, rerank } from './evaluation-results';

/** The annual evaluation's activities on the `applications` queue (第十九条): who is evaluated, with what, and where it stands. */
@Injectable()
export class EvaluationActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(PlatformEntity) private readonly platforms: Repository<PlatformEntity>,
    private readonly calendar: CalendarService,
  ) {}

  asActivities(): Pick<LifecycleActivities, 'listPlatformsDue' | 'openEvaluation' | 'collectIndicators' | 'setEvaluationStage' | 'evaluationOutcomes' | 'setEvaluationPanels' | 'recordEvaluationExpertScore'> {
    return {
      listPlatformsDue: (i) => this.listPlatformsDue(i),
      openEvaluation: (i) => this.openEvaluation(i),
      collectIndicators: (i) => this.collectIndicators(i),
      setEvaluationStage: (i) => this.setEvaluationStage(i),
      evaluationOutcomes: (i) => this.evaluationOutcomes(i),
      setEvaluationPanels: (i) => this.setEvaluationPanels(i),
      recordEvaluationExpertScore: (i) => this.recordEvaluationExpertScore(i),
    };
  }

  /** Platforms evaluated for `year`: listed before it (第十九条), holding a title valid at its start and not ended since. */
  async listPlatformsDue({ year }: { year: number }): Promise<PlatformDue[]> {
    const rows = await this.platforms.find({ where: { listYear: LessThan(year), status: 'valid' }, order: { creditCode: 'ASC' } });
    return rows
      .filter((r) => r.validThrough >= `${year}-01-01`)
      .map((r) => ({ creditCode: r.creditCode, institutionName: r.institutionName, listYear: r.listYear }));
  }

  /** The year's evaluation, opened once with the indicator set for it; a second call answers the set chosen first. */
  async openEvaluation({ year, policyVersion }: { year: number; policyVersion?: string }): Promise<{ indicatorSet: string; provisional: boolean; reportsDueAt: string }> {
    const policy = policyVersion ? POLICIES.get(policyVersion) : POLICIES.forYearOrEarliest(year);
    const set = INDICATOR_SETS.forYear(policy.id, Math.max(year, INDICATOR_SETS.list().filter((s) => s.policyVersion === policy.id)[0]?.fromYear ?? year));
    await this.dataSource.query(
      `INSERT INTO applications.evaluation (year, indicator_set, policy_version, stage) VALUES ($1, $2, $3, 'collecting') ON CONFLICT (year) DO NOTHING`,
      [year, set.id, policy.id],
    );
    const row = await this.dataSource.getRepository(EvaluationEntity).findOneByOrFail({ year });
    const reportsDueAt = annualReportDeadline(year, this.calendar.calendar, POLICIES.get(row.policyVersion)).endsAt;
    return { indicatorSet: row.indicatorSet, provisional: INDICATOR_SETS.get(row.indicatorSet).status === 'provisional', reportsDueAt };
  }

  /**
   * A platform's facts for the year: its report (第十五条), the register, and when the report came against its due date;
   * every indicator computed and kept, with the adjustments and expert scores already given (a retry changes nothing).
   */
  async collectIndicators({ year, creditCode }: { year: number; creditCode: string }): Promise<EvaluationResultSummary> {
    // The workflow opened the year; a run of the earlier form did not, and opens it here with the set in force.
    const evaluations = this.dataSource.getRepository(EvaluationEntity);
    const ev = (await evaluations.findOneBy({ year })) ?? (await this.openEvaluation({ year }), await evaluations.findOneByOrFail({ year }));
    const set = INDICATOR_SETS.get(ev.indicatorSet);
    const policy = POLICIES.get(ev.policyVersion);
    const [platform, report] = await Promise.all([
      this.platforms.findOneBy({ creditCode }),
      this.dataSource.getRepository(AnnualReportEntity).findOneBy({ creditCode, reportYear: year }),
    ]);
    const { facts, reportFiled } = gatherFacts(year, report, platform, this.calendar.calendar, policy);
    return this.dataSource.transaction(async (m) => {
      const existing = await m.findOne(EvaluationResultEntity, { where: { year, creditCode }, lock: { mode: 'pessimistic_write' } });
      const row = existing ?? m.create(EvaluationResultEntity, { year, creditCode, adjustments: [], expertScores: [], expertPanel: [], rank: null });
      Object.assign(row, { institutionName: platform?.institutionName ?? creditCode, facts, reportFiled }, computeResult(set, { ...row, facts, reportFiled }));
      await m.save(row);
      return summaryOf(row);
    });
  }

  /**
   * A report on `year` filed or corrected while staff review that year's results (第十五条, 第十九条): the platform's
   * facts are gathered again and counted at once (adjustments and expert scores kept), audited with the totals before
   * and after. Before the results are collected, or once they are with the bureau, nothing changes here.
   */
  async countReport(year: number, creditCode: string, by: string): Promise<boolean> {
    const ev = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ year });
    const before = ev?.stage === 'reviewing' ? await this.dataSource.getRepository(EvaluationResultEntity).findOneBy({ year, creditCode }) : null;
    if (!before) return false;
    const after = await this.collectIndicators({ year, creditCode });
    await this.dataSource.transaction(async (m) => {
      await rerank(m, year);
      await appendAudit(m, { actor: `user:${by}`, action: 'evaluation.report_counted', entityType: 'evaluation', entityId: `${year}/${creditCode}`, data: { from: before.total, to: after.total, outcome: after.outcome } });
    });
    return true;
  }

  /** Moves the year's results to `stage`, ranked afresh; the same stage twice changes nothing. */
  async setEvaluationStage({ year, stage }: { year: number; stage: 'reviewing' | 'approval' | 'approved' | 'published' }): Promise<{ platforms: number }> {
    return this.dataSource.transaction(async (m) => {
      const ev = await m.findOne(EvaluationEntity, { where: { year }, lock: { mode: 'pessimistic_write' } });
      if (!ev) throw new Error(`no evaluation of ${year}`);
      const platforms = await rerank(m, year);
      if (ev.stage !== stage) {
        ev.stage = stage;
        if (stage === 'published') ev.publishedAt = new Date();
        await m.save(ev);
      }
      return { platforms };
    });
  }

  /** The experts expected on each named platform (the scoring room's panels), every such row computed afresh; idempotent. */
  async setEvaluationPanels({ year, panels }: { year: number; panels: Array<{ creditCode: string; experts: string[] }> }): Promise<{ platforms: number }> {
    return this.dataSource.transaction(async (m) => {
      const set = await this.setOf(m, year);
      const rows = await m.find(EvaluationResultEntity, { where: { year, creditCode: In(panels.map((p) => p.creditCode)) }, lock: { mode: 'pessimistic_write' } });
      for (const row of rows) {
        row.expertPanel = [...new Set(panels.find((p) => p.creditCode === row.creditCode)!.experts)];
        Object.assign(row, computeResult(set, row));
      }
      await m.save(rows);
      await rerank(m, year);
      return { platforms: rows.length };
    });
  }

  /** One expert's score on a platform (the same expert again replaces theirs), the row computed and the year ranked afresh. */
  async recordEvaluationExpertScore({ year, creditCode, expertId, score }: { year: number; creditCode: string; expertId: string; score: string }): Promise<EvaluationResultSummary> {
    return this.dataSource.transaction(async (m) => {
      const set = await this.setOf(m, year);
      const row = await m.findOne(EvaluationResultEntity, { where: { year, creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw ApplicationFailure.nonRetryable(`${creditCode} is not evaluated for ${year}`, 'PolicyInputError');
      row.expertScores = [...row.expertScores.filter((x) => x.expert !== expertId), { expert: expertId, score, at: new Date().toISOString() }];
      Object.assign(row, computeResult(set, row));
      await m.save(row);
      await rerank(m, year);
      return summaryOf(row);
    });
  }

  private async setOf(m: EntityManager, year: number) {
    const ev = await m.findOne(EvaluationEntity, { where: { year } });
    if (!ev) throw ApplicationFailure.nonRetryable(`no evaluation of ${year}`, 'PolicyInputError');
    return INDICATOR_SETS.get(ev.indicatorSet);
  }

  async evaluationOutcomes({ year }: { year: number }): Promise<EvaluationResultSummary[]> {
    const rows = await this.dataSource.getRepository(EvaluationResultEntity).find({ where: { year }, order: { creditCode: 'ASC' } });
    return rows.map(summaryOf);
  }
}

/** A result row as the workflow needs it: total, outcome and what needs attention. */
function summaryOf(r: EvaluationResultEntity): EvaluationResultSummary {
  return { creditCode: r.creditCode, total: r.total, outcome: r.outcome, flags: (r.evaluation['flags'] as string[]) ?? [] };
}
