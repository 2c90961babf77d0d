import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@sme/auth';
import { type AnnualEvaluationStatus, decideEvaluationUpdate, submitEvaluationUpdate, TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { appendAudit, EvaluationEntity, EvaluationResultEntity, recordOnce } from '@sme/persistence';
import { adjustmentProblem, type IndicatorSet, INDICATOR_FACTS, INDICATOR_SETS, OUTCOME_NAMES, type PlatformEvaluation, POLICIES, shanghaiDate } from '@sme/policy';
import { DomainProblem, TemporalClientHolder } from '@sme/runtime';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { computeResult, rerank } from './evaluation-results';

const ARTICLE = '第十九条';

export interface IndicatorSetView {
  id: string;
  status: 'provisional' | 'official';
  title: { zh: string; en: string };
  note: { zh: string; en: string };
  groups: IndicatorSet['groups'];
  indicators: Array<IndicatorSet['indicators'][number] & { source: string }>;
  outcomeBands: Array<IndicatorSet['outcomeBands'][number] & { name: { zh: string; en: string } }>;
}

export interface EvaluationRow {
  creditCode: string;
  institutionName: string;
  rank: number | null;
  total: string;
  outcome: EvaluationResultEntity['outcome'];
  reportFiled: boolean;
  flags: PlatformEvaluation['flags'];
  indicators: PlatformEvaluation['indicators'];
  /** The experts expected on the platform's panel and how many of them have scored. */
  experts: { expected: number; scored: number };
}

export interface EvaluationTable {
  year: number;
  stage: EvaluationEntity['stage'];
  indicatorSet: IndicatorSetView;
  rows: EvaluationRow[];
}

export interface PublicEvaluationResult {
  creditCode: string;
  institutionName: string;
  rank: number | null;
  total: string;
  outcome: EvaluationResultEntity['outcome'];
  outcomeName: { zh: string; en: string };
}

/** The indicator set as people read it: each indicator with where its fact comes from, the bands with their names. */
export function indicatorSetView(set: IndicatorSet): IndicatorSetView {
  return {
    id: set.id,
    status: set.status,
    title: set.title,
    note: set.note,
    groups: set.groups,
    indicators: set.indicators.map((i) => ({ ...i, source: INDICATOR_FACTS[i.fact].source })),
    outcomeBands: set.outcomeBands.map((b) => ({ ...b, name: OUTCOME_NAMES[b.outcome] })),
  };
}

const notStarted = (year: number) => new DomainProblem(HttpStatus.NOT_FOUND, 'evaluation-not-started', { zh: `${year} 年度考核评价尚未开始`, en: `the ${year} evaluation has not started` }, ARTICLE);

/**
 * The annual evaluation's results (第十九条) as staff review them, adjust an indicator (only with a reason, audited),
 * send them to the bureau, which approves or returns them; the public reads them once published.
 */
@Injectable()
export class EvaluationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: WorkflowGateway,
    private readonly temporal: TemporalClientHolder,
  ) {}

  /**
   * Staff start a finished year's evaluation when its Schedule (10 January) did not, e.g. a system brought in later in
   * the year: the same workflow, once per year.
   */
  async start(year: number, by: string): Promise<{ workflowId: string; started: boolean }> {
    const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
    if (year >= thisYear) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'year-unfinished', { zh: `${year} 年度尚未结束，次年1月起才能考核`, en: `${year} has not ended: it is evaluated from January of the next year` }, ARTICLE);
    }
    const workflowId = WorkflowIds.annualEvaluation(year);
    let started = true;
    try {
      await this.temporal.client.workflow.start(WorkflowTypes.annualEvaluation, {
        workflowId,
        taskQueue: TaskQueues.lifecycle,
        args: [{ year, scoringDays: POLICIES.forYearOrEarliest(year).periods.evaluationScoringDays, policyVersion: POLICIES.forYearOrEarliest(year).id }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      started = false;
    }
    await recordOnce(this.dataSource, { key: `${workflowId}/start`, workflowId, action: 'start' }, (m) =>
      appendAudit(m, { actor: `user:${by}`, action: 'evaluation.started', entityType: 'evaluation', entityId: String(year), data: { workflowId } }),
    );
    return { workflowId, started };
  }

  async table(year: number): Promise<EvaluationTable> {
    const ev = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ year });
    if (!ev) throw notStarted(year);
    const rows = await this.dataSource.getRepository(EvaluationResultEntity).find({ where: { year }, order: { rank: 'ASC', creditCode: 'ASC' } });
    return {
      year,
      stage: ev.stage,
      indicatorSet: indicatorSetView(INDICATOR_SETS.get(ev.indicatorSet)),
      rows: rows.map(rowView),
    };
  }

  /** The table as a workbook: rank, platform, each indicator's points, total, outcome and what needs attention. */
  async workbook(year: number): Promise<Buffer> {
    const t = await this.table(year);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(`${year}年度考核评价`);
    const indicators = t.indicatorSet.indicators;
    ws.addRow(['排名', '统一社会信用代码', '机构名称', ...indicators.map((i) => `${i.name.zh}（权重${i.weight}%）`), '总分', '考核结论', '说明']);
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) {
      const notes = [r.reportFiled ? '' : '未报送年度报告', r.flags.includes('adjusted') ? '有人工调整' : '', r.flags.includes('expert-pending') ? '专家评分未完成' : ''].filter(Boolean).join('；');
      ws.addRow([r.rank, r.creditCode, r.institutionName, ...indicators.map((i) => Number(r.indicators.find((x) => x.id === i.id)?.points ?? 0)), Number(r.total), OUTCOME_NAMES[r.outcome].zh, notes]);
    }
    if (t.indicatorSet.status === 'provisional') ws.addRow([]).getCell(1).value = `指标体系：${t.indicatorSet.title.zh}。${t.indicatorSet.note.zh}`;
    ws.columns.forEach((c) => (c.width = 16));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Staff adjust one indicator of one platform while the results are under review; the reason is required and audited. */
  async adjust(year: number, creditCode: string, dto: { indicator: string; points: string; reason: string }, caller: Principal): Promise<EvaluationRow> {
    return this.dataSource.transaction(async (m) => {
      const ev = await m.findOne(EvaluationEntity, { where: { year }, lock: { mode: 'pessimistic_write' } });
      if (!ev) throw notStarted(year);
      if (ev.stage !== 'reviewing') {
        throw new DomainProblem(HttpStatus.CONFLICT, 'evaluation-not-reviewing', { zh: `考核结果当前不在服务中心审核阶段（${ev.stage}），不能调整`, en: `the results are not under the center's review (${ev.stage}): nothing can be adjusted` }, ARTICLE);
      }
      const set = INDICATOR_SETS.get(ev.indicatorSet);
      const problem = adjustmentProblem(set, dto);
      if (problem) throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'bad-adjustment', problem, ARTICLE);
      const row = await m.findOne(EvaluationResultEntity, { where: { year, creditCode }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new DomainProblem(HttpStatus.NOT_FOUND, 'not-evaluated', { zh: `${creditCode} 不在 ${year} 年度考核名单中`, en: `${creditCode} is not evaluated for ${year}` }, ARTICLE);
      const before = (row.evaluation as unknown as PlatformEvaluation).indicators.find((i) => i.id === dto.indicator)!;
      row.adjustments = [...row.adjustments, { indicator: dto.indicator, points: dto.points, reason: dto.reason.trim(), by: caller.username, at: new Date().toISOString() }];
      Object.assign(row, computeResult(set, row));
      await m.save(row);
      await rerank(m, year);
      await appendAudit(m, {
        actor: `user:${caller.username}`,
        action: 'evaluation.indicator_adjusted',
        entityType: 'evaluation',
        entityId: `${year}/${creditCode}`,
        data: { indicator: dto.indicator, computed: before.computed, from: before.points, to: dto.points, reason: dto.reason.trim(), total: row.total, outcome: row.outcome },
      });
      const ranked = await m.findOneByOrFail(EvaluationResultEntity, { year, creditCode });
      return rowView(ranked);
    });
  }

  /** Staff send the reviewed results to the bureau; an expert score still awaited (and not adjusted) holds them back. */
  async submit(year: number, caller: Principal): Promise<AnnualEvaluationStatus> {
    const t = await this.table(year);
    const pending = t.rows.filter((r) => r.flags.includes('expert-pending')).map((r) => r.creditCode);
    if (pending.length) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'expert-scores-pending', {
        zh: `${pending.length} 个示范平台的专家评分尚未完成：${pending.join('、')}`,
        en: `expert scores are still awaited for ${pending.length} platforms: ${pending.join(', ')}`,
      }, ARTICLE, { pending });
    }
    return this.workflows.update(
      WorkflowIds.annualEvaluation(year),
      submitEvaluationUpdate,
      [{ by: caller.username }],
      { slug: 'evaluation-submission-refused', what: { zh: '不能报送考核结果', en: 'the results cannot be sent to the bureau' } },
      { actor: `user:${caller.username}`, action: 'evaluation.submitted', entityType: 'evaluation', entityId: String(year), data: { platforms: t.rows.length, outcomes: countOutcomes(t.rows) } },
    );
  }

  /** The bureau approves the results (they are published and each platform told) or returns them with a reason. */
  decide(year: number, dto: { decision: 'approve' | 'return'; reason?: string }, caller: Principal): Promise<AnnualEvaluationStatus> {
    return this.workflows.update(
      WorkflowIds.annualEvaluation(year),
      decideEvaluationUpdate,
      [{ decision: dto.decision, reason: dto.reason?.trim() ?? '', by: caller.username }],
      { slug: 'evaluation-decision-refused', what: { zh: '不能审定考核结果', en: 'the results cannot be decided' } },
      { actor: `user:${caller.username}`, action: dto.decision === 'approve' ? 'evaluation.approved' : 'evaluation.returned', entityType: 'evaluation', entityId: String(year), data: { ...dto } },
    );
  }

  /** 优秀 platforms: the default candidates for recommendation to the province and the nation (第十六条). */
  async candidates(year: number): Promise<EvaluationRow[]> {
    return (await this.table(year)).rows.filter((r) => r.outcome === 'excellent');
  }

  /** The results the bureau approved, for the public (第十八条); nothing before publication. */
  async published(year: number): Promise<{ year: number; indicatorSet: { id: string; status: string; title: { zh: string; en: string } }; publishedAt: Date; results: PublicEvaluationResult[] }> {
    const ev = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ year });
    if (!ev || ev.stage !== 'published') {
      throw new DomainProblem(HttpStatus.NOT_FOUND, 'evaluation-not-published', { zh: `${year} 年度考核评价结果尚未发布`, en: `the ${year} evaluation results are not published` }, ARTICLE);
    }
    const set = INDICATOR_SETS.get(ev.indicatorSet);
    const rows = await this.dataSource.getRepository(EvaluationResultEntity).find({ where: { year }, order: { rank: 'ASC', creditCode: 'ASC' } });
    return {
      year,
      indicatorSet: { id: set.id, status: set.status, title: set.title },
      publishedAt: ev.publishedAt!,
      results: rows.map((r) => ({ creditCode: r.creditCode, institutionName: r.institutionName, rank: r.rank, total: r.total, outcome: r.outcome, outcomeName: OUTCOME_NAMES[r.outcome] })),
    };
  }
}

function rowView(r: EvaluationResultEntity): EvaluationRow {
  const e = r.evaluation as unknown as PlatformEvaluation;
  const panel = r.expertPanel ?? [];
  const scored = panel.length ? r.expertScores.filter((x) => panel.includes(x.expert)).length : r.expertScores.length;
  return { creditCode: r.creditCode, institutionName: r.institutionName, rank: r.rank, total: r.total, outcome: r.outcome, reportFiled: r.reportFiled, flags: e.flags, indicators: e.indicators, experts: { expected: panel.length, scored } };
}

function countOutcomes(rows: EvaluationRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.outcome] = (out[r.outcome] ?? 0) + 1;
  return out;
}
