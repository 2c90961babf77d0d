import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVIDENCE_GRANT_SECONDS, type Principal, TokenService } from '@sme/auth';
import {
  annualCallStatusQuery,
  type ApplicationStatus,
  assignExpertsUpdate,
  recuseExpertUpdate,
  replaceExpertUpdate,
  submitScoreUpdate,
  WorkflowIds,
} from '@sme/contracts';
import { appendAudit, AssignmentEntity, decideOnce, ExpertEntity, ScoreEntity } from '@sme/persistence';
import {
  aggregatePanel,
  CONFLICT_ARTICLE,
  detectConflicts,
  PANEL_ARTICLE,
  type PanelAggregate,
  panelSizeProblem,
  plainDecimal,
  POLICIES,
  type PolicyVersion,
  rankCandidates,
  type Ranked,
  RubricError,
  rubricTotal,
} from '@sme/policy';
import { applicationStatusOf, askWorkflow, decisionKey, DomainProblem, type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import { RUNTIME_CONFIG } from '../tokens';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AssignPanelDto, DeclarationDto, ReplaceExpertDto, SubmitScoreDto } from './panel.dtos';

const QUERY_TIMEOUT_MS = 3000;

export interface PanelScores {
  applicationId: string;
  /** Experts other than the caller appear as 专家1, 专家2... to experts; staff see ids. */
  scores: Array<{ expert: string; own: boolean; total: string; criteria: Record<string, number>; submittedAt: string }>;
  aggregate: PanelAggregate | null;
  pending: number;
}

export interface RankingRow extends Ranked {
  /** From the panel's scores; null when this service holds no scores for the application. */
  method: PanelAggregate['method'] | null;
  dispersed: boolean;
  experts: number;
  /** Left off the candidate list by staff (with a reason, in the audit trail). */
  excluded: boolean;
  /** Removed by an objection upheld during the public notice (第十三条). */
  removedByObjection: boolean;
}

export interface Ranking {
  callYear: number;
  quota: number;
  quotaSource: 'call_workflow' | 'request';
  /**
   * `call_workflow`: the call's own ranking, the one staff submit and the notice publishes (exclusions and upheld
   * objections included); `preview`: computed here from the panels' scores, before the call ranks or for another quota.
   */
  source: 'call_workflow' | 'preview';
  rows: RankingRow[];
  /** Applications still being scored (not ranked yet). */
  incomplete: number;
}

/**
 * Scores the rubric took, as JSON numbers for the record and the workflow: each has at most two places, so the
 * number of its decimal string is exact ("8.2" -> 8.2, whose shortest representation is "8.2" again).
 */
function exactScores(scores: Readonly<Record<string, number | string>>): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Number(plainDecimal(v))]));
}

const problem = (status: HttpStatus, slug: string, zh: string, en: string, article?: string, ext?: Record<string, unknown>) =>
  new DomainProblem(status, slug, { zh, en }, article, ext);

@Injectable()
export class PanelService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    this.tokens = new TokenService(config.jwtSecret);
  }

  private readonly tokens: TokenService;

  private async applicationStatus(applicationId: string): Promise<{ status: ApplicationStatus; startedAt: Date }> {
    try {
      return await this.temporal.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, async () => {
        const { status, described } = await applicationStatusOf(this.temporal.client, applicationId);
        return { status, startedAt: described.startTime };
      });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw problem(HttpStatus.NOT_FOUND, 'application-not-found', `未找到申报 ${applicationId}`, `application ${applicationId} not found`);
      }
      throw problem(HttpStatus.SERVICE_UNAVAILABLE, 'workflow-unavailable', '申报流程暂时无法应答，请稍后重试', 'the application workflow does not answer now; retry later');
    }
  }

  /**
   * Invites a panel: a panel smaller than the policy version's `panel.minExperts` is refused (422, 第十二条); every
   * expert is checked for conflicts and one conflict refuses the whole panel (409, listing them); then the workflow
   * takes the panel, and the rows of the panel it accepted commit with their audit event.
   */
  async assign(applicationId: string, dto: AssignPanelDto, caller: Principal): Promise<AssignmentEntity[]> {
    // The one decision path (libs/persistence decideOnce): the workflow takes the panel first (outside any
    // transaction, with a deadline); then the rows and the audit event of the panel it accepted commit together.
    const workflowId = WorkflowIds.application(applicationId);
    let applicant!: NonNullable<ApplicationStatus['applicant']>;
    let startedAt!: Date;
    const key = decisionKey(workflowId, assignExpertsUpdate.name);
    return decideOnce(this.dataSource, { key, workflowId, action: assignExpertsUpdate.name }, {
      check: async () => {
        if (new Set(dto.expertIds).size !== dto.expertIds.length) {
          throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'duplicate-experts', '专家不能重复', 'name each expert once');
        }
        const existing = await this.dataSource.getRepository(AssignmentEntity).count({ where: { applicationId } });
        if (existing > 0) {
          throw problem(HttpStatus.CONFLICT, 'panel-exists', '该申报已指派评审专家', 'this application already has its panel');
        }
        const found = await this.applicationStatus(applicationId);
        startedAt = found.startedAt;
        if (!found.status.applicant) throw problem(HttpStatus.CONFLICT, 'not-assignable', '该申报流程版本不支持指派专家', 'this application workflow cannot take a panel');
        applicant = found.status.applicant;
        // The panel's size is the application's policy version's (第十二条; panel.minExperts, a default the text leaves open).
        const policy = POLICIES.find(applicant.policyVersion);
        if (!policy) {
          throw problem(HttpStatus.CONFLICT, 'unknown-policy', `未知的政策版本 ${applicant.policyVersion}`, `unknown policy version ${applicant.policyVersion}`);
        }
        const tooFew = panelSizeProblem(dto.expertIds.length, policy);
        if (tooFew) {
          throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'panel-too-small', tooFew.zh, tooFew.en, PANEL_ARTICLE, {
            minExperts: Math.max(2, policy.panel.minExperts),
            named: dto.expertIds.length,
            policyVersion: policy.id,
          });
        }
        const experts = await this.dataSource.getRepository(ExpertEntity).find({ where: { id: In(dto.expertIds) } });
        const missing = dto.expertIds.filter((id) => !experts.some((e) => e.id === id && e.active));
        if (missing.length) {
          throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown-experts', `专家库中没有（或已停用）：${missing.join('、')}`, `not in the pool or inactive: ${missing.join(', ')}`);
        }
        const conflicts = experts.flatMap((e) =>
          detectConflicts(
            { expertId: e.id, employerCreditCode: e.employerCreditCode, declaredRelationships: e.relationships },
            { creditCode: applicant.creditCode, partnerCreditCodes: dto.partnerCreditCodes },
          ),
        );
        if (conflicts.length) {
          throw problem(
            HttpStatus.CONFLICT,
            'conflict-of-interest',
            `存在利益冲突，须回避：${conflicts.map((c) => `${c.expertId}（${c.reason.zh}）`).join('；')}`,
            `conflict of interest: ${conflicts.map((c) => `${c.expertId} (${c.reason.en})`).join('; ')}`,
            CONFLICT_ARTICLE,
            { conflicts },
          );
        }
      },
      ask: (updateId) =>
        askWorkflow(this.temporal.client, workflowId, assignExpertsUpdate, [{ expertIds: dto.expertIds, dueInDays: dto.dueInDays }], updateId, { slug: 'panel-refused', what: { zh: '流程拒绝指派专家', en: 'the workflow refused the panel' } }, this.config.decisionDeadlineMs),
      record: async (m) => {
        const rows = await m.save(
          dto.expertIds.map((expertId) =>
            m.create(AssignmentEntity, {
              applicationId,
              expertId,
              callYear: applicant.callYear,
              applicantCreditCode: applicant.creditCode,
              applicantName: applicant.institutionName,
              partnerCreditCodes: dto.partnerCreditCodes.map((c) => c.toUpperCase()),
              policyVersion: applicant.policyVersion,
              applicationStartedAt: startedAt,
              assignedBy: caller.username,
            }),
          ),
        );
        await appendAudit(m, {
          actor: `user:${caller.username}`,
          action: 'panel.assigned',
          entityType: 'application',
          entityId: applicationId,
          data: { expertIds: dto.expertIds, partnerCreditCodes: dto.partnerCreditCodes, dueInDays: dto.dueInDays, decisionKey: key },
        });
        return rows;
      },
    });
  }

  list(caller: Principal): Promise<AssignmentEntity[]> {
    return this.dataSource.getRepository(AssignmentEntity).find({
      where: caller.role === 'expert' ? { expertId: caller.expertId! } : {},
      order: { createdAt: 'DESC' },
      take: 500,
    });
  }

  /** An assignment the caller may act on: experts only their own ("not found" otherwise, never "forbidden"). */
  private async own(m: EntityManager, id: string, caller: Principal, lock = false): Promise<AssignmentEntity> {
    const row = await m.getRepository(AssignmentEntity).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row || (caller.role === 'expert' && row.expertId !== caller.expertId)) {
      throw problem(HttpStatus.NOT_FOUND, 'assignment-not-found', `未找到评审任务 ${id}`, `assignment ${id} not found`);
    }
    return row;
  }

  get(id: string, caller: Principal): Promise<AssignmentEntity> {
    return this.own(this.dataSource.manager, id, caller);
  }

  /** The expert's declaration, made once, before the application opens to them. */
  /**
   * The expert's declaration, made once, before the application opens to them. A declared conflict (第十二条) is a
   * decision of the application's workflow too: it takes the expert off the reminders and tells staff to replace them.
   */
  async declare(id: string, dto: DeclarationDto, caller: Principal): Promise<AssignmentEntity> {
    const declaration = { noConflict: dto.noConflict, statement: dto.statement ?? null };
    const record = async (m: EntityManager): Promise<AssignmentEntity> => {
      const row = await this.own(m, id, caller, true);
      if (row.state !== 'invited') {
        throw problem(HttpStatus.CONFLICT, 'already-declared', '已作出声明，不能重复声明', 'the declaration has already been made');
      }
      row.state = dto.noConflict ? 'declared' : 'recused';
      row.declaration = declaration;
      row.declaredAt = new Date();
      await m.save(row);
      await appendAudit(m, {
        actor: `user:${caller.username}`,
        action: dto.noConflict ? 'panel.no_conflict_declared' : 'panel.recused',
        entityType: 'assignment',
        entityId: row.id,
        data: { applicationId: row.applicationId, expertId: row.expertId, statement: declaration.statement },
      });
      return row;
    };
    if (dto.noConflict) return this.dataSource.transaction(record);
    const row = await this.own(this.dataSource.manager, id, caller);
    const workflowId = WorkflowIds.application(row.applicationId);
    return decideOnce(this.dataSource, { key: decisionKey(workflowId, `${recuseExpertUpdate.name}/${row.id}`), workflowId, action: recuseExpertUpdate.name }, {
      check: async () => {
        if (row.state !== 'invited') throw problem(HttpStatus.CONFLICT, 'already-declared', '已作出声明，不能重复声明', 'the declaration has already been made');
      },
      ask: (updateId) =>
        askWorkflow(this.temporal.client, workflowId, recuseExpertUpdate, [{ expertId: row.expertId, statement: declaration.statement }], updateId, { slug: 'recusal-refused', what: { zh: '流程拒绝回避声明', en: 'the workflow refused the recusal' } }, this.config.decisionDeadlineMs),
      record,
    });
  }

  /**
   * Staff put another expert in the place of one who recused or has not scored (第十二条): the new expert is checked
   * for conflicts as the panel was; the workflow takes the replacement first, then the rows and the audit event.
   */
  async replace(id: string, dto: ReplaceExpertDto, caller: Principal): Promise<AssignmentEntity> {
    const old = await this.own(this.dataSource.manager, id, caller);
    const workflowId = WorkflowIds.application(old.applicationId);
    const reason = dto.reason.trim();
    return decideOnce(this.dataSource, { key: decisionKey(workflowId, `${replaceExpertUpdate.name}/${old.id}`), workflowId, action: replaceExpertUpdate.name }, {
      check: async () => {
        if (old.state === 'scored' || old.state === 'replaced') {
          throw problem(HttpStatus.CONFLICT, 'not-replaceable', `该专家已${old.state === 'scored' ? '评分' : '被更换'}，不能更换`, `this expert has ${old.state === 'scored' ? 'scored' : 'been replaced'} already`, PANEL_ARTICLE);
        }
        const expert = await this.dataSource.getRepository(ExpertEntity).findOne({ where: { id: dto.expertId } });
        if (!expert?.active) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown-experts', `专家库中没有（或已停用）：${dto.expertId}`, `not in the pool or inactive: ${dto.expertId}`);
        const onPanel = await this.dataSource.getRepository(AssignmentEntity).count({ where: { applicationId: old.applicationId, expertId: dto.expertId } });
        if (onPanel) throw problem(HttpStatus.CONFLICT, 'already-on-panel', '该专家已在本评审组', 'this expert is already on the panel', PANEL_ARTICLE);
        const conflicts = detectConflicts(
          { expertId: expert.id, employerCreditCode: expert.employerCreditCode, declaredRelationships: expert.relationships },
          { creditCode: old.applicantCreditCode, partnerCreditCodes: old.partnerCreditCodes },
        );
        if (conflicts.length) {
          throw problem(HttpStatus.CONFLICT, 'conflict-of-interest', `存在利益冲突，须回避：${conflicts.map((c) => c.reason.zh).join('；')}`, `conflict of interest: ${conflicts.map((c) => c.reason.en).join('; ')}`, CONFLICT_ARTICLE, { conflicts });
        }
      },
      ask: (updateId) =>
        askWorkflow(this.temporal.client, workflowId, replaceExpertUpdate, [{ from: old.expertId, to: dto.expertId, reason }], updateId, { slug: 'replacement-refused', what: { zh: '流程拒绝更换专家', en: 'the workflow refused the replacement' } }, this.config.decisionDeadlineMs),
      record: async (m) => {
        const locked = await this.own(m, id, caller, true);
        const recused = locked.state === 'recused';
        await m.update(AssignmentEntity, { id: locked.id }, { ...(recused ? {} : { state: 'replaced' as const }), replacedBy: dto.expertId, replacementReason: reason });
        const { id: _id, createdAt: _created, ...carried } = locked;
        const fresh = await m.save(m.create(AssignmentEntity, { ...carried, expertId: dto.expertId, state: 'invited', declaration: null, declaredAt: null, replacedBy: null, replacementReason: null, assignedBy: caller.username }));
        await appendAudit(m, {
          actor: `user:${caller.username}`,
          action: 'panel.expert_replaced',
          entityType: 'application',
          entityId: locked.applicationId,
          data: { from: locked.expertId, to: dto.expertId, reason, replacedAssignment: locked.id, assignment: fresh.id },
        });
        return fresh;
      },
    });
  }

  /** What the expert reviews: the workflow's view of the application, only after declaring no conflict. */
  async application(id: string, caller: Principal): Promise<{ assignment: AssignmentEntity; status: ApplicationStatus; rubric: PolicyVersion['rubric'] }> {
    const row = await this.own(this.dataSource.manager, id, caller);
    if (caller.role === 'expert' && row.state !== 'declared' && row.state !== 'scored') {
      throw problem(HttpStatus.FORBIDDEN, 'declaration-required', '请先声明无利益冲突，再查看申报材料', 'declare that you have no conflict of interest before seeing the application', CONFLICT_ARTICLE);
    }
    const { status } = await this.applicationStatus(row.applicationId);
    return { assignment: row, status, rubric: POLICIES.get(row.policyVersion).rubric };
  }

  /** A ten-minute grant to read this application's evidence on the applications service, after the declaration. */
  async evidenceGrant(id: string, caller: Principal): Promise<{ applicationId: string; grant: string; expiresIn: number; header: 'x-evidence-grant' }> {
    const row = await this.own(this.dataSource.manager, id, caller);
    if (row.state !== 'declared' && row.state !== 'scored') {
      throw problem(HttpStatus.FORBIDDEN, 'declaration-required', '请先声明无利益冲突，再查看证明材料', 'declare that you have no conflict of interest before reading the evidence', CONFLICT_ARTICLE);
    }
    return { applicationId: row.applicationId, grant: this.tokens.issueEvidenceGrant({ expertId: row.expertId, applicationId: row.applicationId }), expiresIn: EVIDENCE_GRANT_SECONDS, header: 'x-evidence-grant' };
  }

  async submitScore(id: string, dto: SubmitScoreDto, caller: Principal): Promise<{ assignment: AssignmentEntity; total: string }> {
    const row = await this.own(this.dataSource.manager, id, caller);
    const workflowId = WorkflowIds.application(row.applicationId);
    const key = decisionKey(workflowId, `${submitScoreUpdate.name}/${row.id}`);
    let total = '';
    let criteria: Record<string, number> = {};
    return decideOnce(this.dataSource, { key, workflowId, action: submitScoreUpdate.name }, {
      check: async () => {
          if (row.state === 'scored') throw problem(HttpStatus.CONFLICT, 'already-scored', '已提交评分，不能修改', 'the score is already in and cannot change');
          if (row.state !== 'declared') {
            throw problem(HttpStatus.FORBIDDEN, 'declaration-required', '请先声明无利益冲突，再评分', 'declare that you have no conflict of interest before scoring', CONFLICT_ARTICLE);
          }
          try {
            total = rubricTotal(dto.scores, POLICIES.get(row.policyVersion));
          } catch (err) {
            if (!(err instanceof RubricError)) throw err;
            throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'rubric', `评分不符合评分细则：${err.reason.zh}`, `the scores do not fit the rubric: ${err.reason.en}`, '第十二条', { criterion: err.criterion });
          }
          criteria = exactScores(dto.scores);
      },
      // The workflow takes the score first (it refuses a second one), then the score row and its audit event commit.
      ask: (updateId) =>
        askWorkflow(this.temporal.client, workflowId, submitScoreUpdate, [{ expertId: row.expertId, scores: criteria }], updateId, { slug: 'score-refused', what: { zh: '流程拒绝评分', en: 'the workflow refused the score' } }, this.config.decisionDeadlineMs),
      record: async (m) => {
        const locked = await this.own(m, id, caller, true);
        await m.insert(ScoreEntity, { assignmentId: locked.id, applicationId: locked.applicationId, expertId: locked.expertId, criteria, total });
        locked.state = 'scored';
        await m.save(locked);
        await appendAudit(m, {
          actor: `user:${caller.username}`,
          action: 'panel.scored',
          entityType: 'assignment',
          entityId: locked.id,
          data: { applicationId: locked.applicationId, expertId: locked.expertId, total, decisionKey: key },
        });
        return { assignment: locked, total };
      },
    });
  }

  /** The panel's scores: staff, the bureau and auditors always; an expert of the panel only after their own is in. */
  async scores(applicationId: string, caller: Principal): Promise<PanelScores> {
    const assignments = await this.dataSource.getRepository(AssignmentEntity).find({ where: { applicationId }, order: { createdAt: 'ASC' } });
    if (caller.role === 'expert') {
      const mine = assignments.find((a) => a.expertId === caller.expertId);
      if (!mine) throw problem(HttpStatus.NOT_FOUND, 'assignment-not-found', `未找到评审任务`, `no assignment of yours on application ${applicationId}`);
      if (mine.state !== 'scored') {
        throw problem(HttpStatus.FORBIDDEN, 'scores-hidden', '提交本人评分后方可查看其他专家的评分', "other experts' scores stay hidden until yours is in");
      }
    }
    const rows = await this.dataSource.getRepository(ScoreEntity).find({ where: { applicationId }, order: { submittedAt: 'ASC' } });
    const policy = assignments[0] ? POLICIES.get(assignments[0].policyVersion) : null;
    let n = 0;
    return {
      applicationId,
      scores: rows.map((s) => {
        const own = s.expertId === caller.expertId;
        const expert = caller.role === 'expert' && !own ? `专家${++n}` : s.expertId;
        return { expert, own, total: s.total, criteria: s.criteria, submittedAt: s.submittedAt.toISOString() };
      }),
      aggregate: rows.length && policy ? aggregatePanel(rows.map((r) => r.total), policy) : null,
      pending: assignments.filter((a) => a.state === 'invited' || a.state === 'declared').length,
    };
  }

  /** The call's candidates ranked by panel score with the quota line (第四条, 第十二条); unfinished panels are left out. */
  /**
   * The candidate list (第四条, 第十二条). Once the call workflow has ranked, its ranking is the one answer: the screen,
   * the .xlsx export and the notice all read it, with staff's exclusions and upheld objections. Before that, or for
   * another quota (`quotaOverride`), a preview is computed here from the panels' scores by the same rule.
   */
  async ranking(callYear: number, quotaOverride?: number): Promise<Ranking> {
    const assignments = await this.dataSource.getRepository(AssignmentEntity).find({ where: { callYear } });
    const ids = [...new Set(assignments.map((a) => a.applicationId))];
    const scores = ids.length ? await this.dataSource.getRepository(ScoreEntity).find({ where: { applicationId: In(ids) } }) : [];
    const byApp = new Map<string, AssignmentEntity[]>();
    for (const a of assignments) byApp.set(a.applicationId, [...(byApp.get(a.applicationId) ?? []), a]);
    // The call workflow's ranking is the source (one ranking); a preview with a quota given does not ask it.
    const call = quotaOverride !== undefined ? null : await this.temporal.client
      .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => this.temporal.client.workflow.getHandle(WorkflowIds.annualCall(callYear)).query(annualCallStatusQuery))
      .catch(() => null);
    const quota = quotaOverride ?? call?.quota;
    if (quota === undefined) {
      throw problem(HttpStatus.CONFLICT, 'no-quota', `${callYear} 年度申报流程未运行，请指定名额`, `the ${callYear} call workflow is not running: give the quota`, '第四条');
    }
    const quotaSource: Ranking['quotaSource'] = quotaOverride === undefined ? 'call_workflow' : 'request';
    const complete: Array<{ id: string; rows: AssignmentEntity[]; totals: string[] }> = [];
    let incomplete = 0;
    for (const [id, rows] of byApp) {
      const totals = scores.filter((s) => s.applicationId === id).map((s) => s.total);
      if (rows.some((r) => r.state === 'invited' || r.state === 'declared') || totals.length === 0) incomplete++;
      else complete.push({ id, rows, totals });
    }
    const aggregates = new Map(complete.map((c) => [c.id, aggregatePanel(c.totals, POLICIES.get(c.rows[0]!.policyVersion))]));
    const decorate = (r: Ranked, excluded: boolean, removedByObjection: boolean): RankingRow => {
      const a = aggregates.get(r.applicationId);
      return { ...r, method: a?.method ?? null, dispersed: a?.dispersed ?? false, experts: a?.totals.length ?? 0, excluded, removedByObjection };
    };
    if (call && call.ranking.length > 0 && quotaOverride === undefined) {
      const listed = call.stage !== 'ranking'; // past the list: a row inside the line but not within quota was left off
      const removed = new Set(call.removedByObjection);
      const rows = call.ranking.map((r) =>
        decorate(
          { rank: r.rank, applicationId: r.applicationId, creditCode: r.creditCode, institutionName: r.institutionName, score: r.score, submittedAt: byApp.get(r.applicationId)?.[0]?.applicationStartedAt.toISOString() ?? '', withinQuota: r.withinQuota && !removed.has(r.creditCode) },
          listed && r.rank <= call.quota && !r.withinQuota,
          removed.has(r.creditCode),
        ),
      );
      return { callYear, quota, quotaSource, source: 'call_workflow', rows, incomplete };
    }
    const ranked = rankCandidates(
      complete.map((c) => ({
        applicationId: c.id,
        creditCode: c.rows[0]!.applicantCreditCode,
        institutionName: c.rows[0]!.applicantName,
        score: aggregates.get(c.id)!.score,
        submittedAt: c.rows[0]!.applicationStartedAt.toISOString(),
      })),
      quota,
    );
    return { callYear, quota, quotaSource, source: 'preview', rows: ranked.map((r) => decorate(r, false, false)), incomplete };
  }
}
