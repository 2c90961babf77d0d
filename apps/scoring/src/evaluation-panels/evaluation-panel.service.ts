import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EVIDENCE_GRANT_SECONDS, type Principal, TokenService } from '@sme/auth';
import {
  type AnnualEvaluationStatus,
  annualEvaluationStatusQuery,
  type EvaluationPlatform,
  evaluationExpertScoreUpdate,
  evaluationPanelUpdate,
  evaluationPlatformsQuery,
  WorkflowIds,
} from '@sme/contracts';
import { appendAudit, decideOnce, EvaluationAssignmentEntity, ExpertEntity } from '@sme/persistence';
import { CONFLICT_ARTICLE, type Conflict, detectConflicts, evaluationPanelProblem, INDICATOR_SETS, POLICIES } from '@sme/policy';
import { askWorkflow, decisionKey, DomainProblem, type RuntimeConfig, TemporalClientHolder } from '@sme/runtime';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import type { AssignEvaluationPanelDto, EvaluationScoreDto } from './evaluation-panel.dtos';
import type { DeclarationDto, ReplaceExpertDto } from '../panels/panel.dtos';

const ARTICLE = '第十九条';
const QUERY_TIMEOUT_MS = 3000;

const problem = (status: HttpStatus, slug: string, zh: string, en: string, article?: string, ext?: Record<string, unknown>) =>
  new DomainProblem(status, slug, { zh, en }, article, ext);

export interface PanelAssigned {
  year: number;
  /** Each platform given a panel, with its experts. */
  assigned: Array<{ creditCode: string; institutionName: string; experts: string[] }>;
  /** Experts who stand aside on a platform under 第十二条's conflict rules, with the reason. */
  stoodAside: Conflict[];
}

/**
 * The evaluation's experts (第十九条: 第九条's qualitative indicators are judged by experts) with the panels' rules
 * (第十二条): staff name the experts; each platform gets those without a conflict with it, and at least the policy
 * version's `evaluation.minExperts`; an expert declares before the platform's report opens to them, stands aside or
 * scores once; staff replace one who stood aside. Every change and score reaches the evaluation workflow first (the
 * one decision path), which keeps the results staff review.
 */
@Injectable()
export class EvaluationPanelService {
  private readonly tokens: TokenService;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    this.tokens = new TokenService(config.jwtSecret);
  }

  /** The evaluation as its workflow has it: stage, indicator set, and the platforms it lists with their names. */
  private async evaluation(year: number): Promise<{ status: AnnualEvaluationStatus; platforms: EvaluationPlatform[] }> {
    try {
      return await this.temporal.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, async () => {
        const handle = this.temporal.client.workflow.getHandle(WorkflowIds.annualEvaluation(year));
        const status = await handle.query(annualEvaluationStatusQuery);
        if (!status.indicatorSet) {
          throw problem(HttpStatus.CONFLICT, 'no-expert-indicators', `${year} 年度考核由服务中心直接录入结果，不设专家评分`, `the ${year} evaluation takes staff's typed results: no experts score it`, ARTICLE);
        }
        return { status, platforms: await handle.query(evaluationPlatformsQuery) };
      });
    } catch (err) {
      if (err instanceof DomainProblem) throw err;
      if (err instanceof WorkflowNotFoundError) throw problem(HttpStatus.NOT_FOUND, 'evaluation-not-started', `${year} 年度考核评价尚未开始`, `the ${year} evaluation has not started`, ARTICLE);
      throw problem(HttpStatus.SERVICE_UNAVAILABLE, 'workflow-unavailable', '考核流程暂时无法应答，请稍后重试', 'the evaluation workflow does not answer now; retry later');
    }
  }

  private reviewing(year: number, status: AnnualEvaluationStatus): void {
    if (status.stage !== 'reviewing') {
      throw problem(HttpStatus.CONFLICT, 'evaluation-not-reviewing', `考核结果当前不在服务中心审核阶段（${status.stage}），专家评分仅在审核期间进行`, `the ${year} results are not under the center's review (${status.stage}): experts score only then`, ARTICLE);
    }
  }

  /** The experts on a platform's panel now: every one not replaced (one who stood aside counts until replaced). */
  private async panelOf(m: EntityManager, year: number, creditCode: string): Promise<EvaluationAssignmentEntity[]> {
    return m.find(EvaluationAssignmentEntity, { where: { year, creditCode, state: Not('replaced'), replacedBy: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /**
   * Staff name the experts: every named platform (default: each one without a panel yet) gets those of them without a
   * conflict with it (第十二条: employer, declared relationships), and one left with fewer than the policy version's
   * `evaluation.minExperts` refuses the whole request (422, listing them). The workflow takes the panels first.
   */
  async assign(year: number, dto: AssignEvaluationPanelDto, caller: Principal): Promise<PanelAssigned> {
    const workflowId = WorkflowIds.annualEvaluation(year);
    let assigned: PanelAssigned['assigned'] = [];
    let stoodAside: Conflict[] = [];
    let policyVersion = '';
    return decideOnce(this.dataSource, { key: decisionKey(workflowId, evaluationPanelUpdate.name), workflowId, action: evaluationPanelUpdate.name }, {
      check: async () => {
        if (new Set(dto.expertIds).size !== dto.expertIds.length) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'duplicate-experts', '专家不能重复', 'name each expert once');
        const { status, platforms } = await this.evaluation(year);
        this.reviewing(year, status);
        const set = INDICATOR_SETS.get(status.indicatorSet!);
        if (!set.indicators.some((i) => i.qualitative)) {
          throw problem(HttpStatus.CONFLICT, 'no-expert-indicators', `指标体系 ${set.id} 没有专家评分的定性指标`, `the indicator set ${set.id} has no expert-scored indicator`, ARTICLE);
        }
        const policy = POLICIES.get(set.policyVersion);
        policyVersion = policy.id;
        const byCode = new Map(platforms.map((p) => [p.creditCode, p]));
        const named = dto.creditCodes ? [...new Set(dto.creditCodes.map((c) => c.toUpperCase()))] : platforms.map((p) => p.creditCode);
        const unknown = named.filter((c) => !byCode.has(c));
        if (unknown.length) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'not-evaluated', `不在 ${year} 年度考核名单中：${unknown.join('、')}`, `not evaluated for ${year}: ${unknown.join(', ')}`, ARTICLE, { creditCodes: unknown });
        const withPanel = new Set(
          named.length
            ? (await this.dataSource.getRepository(EvaluationAssignmentEntity).find({ where: { year, creditCode: In(named) }, select: { creditCode: true } })).map((r) => r.creditCode)
            : [],
        );
        if (dto.creditCodes && withPanel.size) {
          throw problem(HttpStatus.CONFLICT, 'panel-exists', `已指派评分专家：${[...withPanel].join('、')}（如需调整请更换专家）`, `these platforms have their experts already (replace one instead): ${[...withPanel].join(', ')}`, ARTICLE);
        }
        const targets = named.filter((c) => !withPanel.has(c));
        if (!targets.length) throw problem(HttpStatus.CONFLICT, 'panel-exists', '所有示范平台均已指派评分专家', 'every platform has its experts already', ARTICLE);
        const experts = await this.dataSource.getRepository(ExpertEntity).find({ where: { id: In(dto.expertIds) } });
        const missing = dto.expertIds.filter((id) => !experts.some((e) => e.id === id && e.active));
        if (missing.length) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown-experts', `专家库中没有（或已停用）：${missing.join('、')}`, `not in the pool or inactive: ${missing.join(', ')}`);
        const short: Array<{ creditCode: string; experts: number; conflicts: Conflict[] }> = [];
        assigned = [];
        stoodAside = [];
        for (const code of targets) {
          const findings = experts.flatMap((e) => detectConflicts({ expertId: e.id, employerCreditCode: e.employerCreditCode, declaredRelationships: e.relationships }, { creditCode: code, partnerCreditCodes: [] }));
          const free = dto.expertIds.filter((id) => !findings.some((f) => f.expertId === id));
          stoodAside.push(...findings);
          if (evaluationPanelProblem(free.length, policy)) short.push({ creditCode: code, experts: free.length, conflicts: findings });
          assigned.push({ creditCode: code, institutionName: byCode.get(code)!.institutionName, experts: free });
        }
        if (short.length) {
          const rule = evaluationPanelProblem(short[0]!.experts, policy)!;
          throw problem(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'panel-too-small',
            `${rule.zh}：${short.map((s) => `${s.creditCode}（${s.experts} 名）`).join('、')}`,
            `${rule.en}: ${short.map((s) => `${s.creditCode} (${s.experts})`).join(', ')}`,
            CONFLICT_ARTICLE,
            { platforms: short, minExperts: Math.max(2, policy.evaluation.minExperts) },
          );
        }
      },
      ask: (updateId) =>
        askWorkflow(this.temporal.client, workflowId, evaluationPanelUpdate, [{ kind: 'assign', panels: assigned.map((a) => ({ creditCode: a.creditCode, experts: a.experts })), by: caller.username }], updateId, { slug: 'panel-refused', what: { zh: '考核流程拒绝指派专家', en: 'the evaluation refused the panels' } }, this.config.decisionDeadlineMs),
      record: async (m) => {
        await m.insert(
          EvaluationAssignmentEntity,
          assigned.flatMap((a) => a.experts.map((expertId) => ({ year, creditCode: a.creditCode, institutionName: a.institutionName, expertId, policyVersion, assignedBy: caller.username }))),
        );
        await appendAudit(m, {
          actor: `user:${caller.username}`,
          action: 'evaluation_panel.assigned',
          entityType: 'evaluation',
          entityId: String(year),
          data: { expertIds: dto.expertIds, platforms: assigned.length, stoodAside },
        });
        return { year, assigned, stoodAside };
      },
    });
  }

  /** Every expert's place in the year's evaluation, with their declarations and scores (staff, the bureau, auditors). */
  panel(year: number): Promise<EvaluationAssignmentEntity[]> {
    return this.dataSource.getRepository(EvaluationAssignmentEntity).find({ where: { year }, order: { creditCode: 'ASC', createdAt: 'ASC' } });
  }

  /** An expert's own evaluation assignments, newest year first. */
  mine(caller: Principal): Promise<EvaluationAssignmentEntity[]> {
    return this.dataSource.getRepository(EvaluationAssignmentEntity).find({ where: { expertId: caller.expertId! }, order: { year: 'DESC', creditCode: 'ASC' }, take: 2000 });
  }

  /** An assignment the caller may act on: an expert only their own ("not found" otherwise, never "forbidden"). */
  private async own(m: EntityManager, id: string, caller: Principal, lock = false): Promise<EvaluationAssignmentEntity> {
    const row = await m.findOne(EvaluationAssignmentEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row || (caller.role === 'expert' && row.expertId !== caller.expertId)) {
      throw problem(HttpStatus.NOT_FOUND, 'assignment-not-found', `未找到评分任务 ${id}`, `evaluation assignment ${id} not found`);
    }
    return row;
  }

  /**
   * The expert's declaration, once, before the platform's report opens to them (第十二条). Standing aside is the
   * workflow's to hear too: staff are told, and the platform's score waits until they replace the expert.
   */
  async declare(id: string, dto: DeclarationDto, caller: Principal): Promise<EvaluationAssignmentEntity> {
    const declaration = { noConflict: dto.noConflict, statement: dto.statement?.trim() || null };
    const record = async (m: EntityManager): Promise<EvaluationAssignmentEntity> => {
      const row = await this.own(m, id, caller, true);
      if (row.state !== 'invited') throw problem(HttpStatus.CONFLICT, 'already-declared', '已作出声明，不能重复声明', 'the declaration has already been made');
      Object.assign(row, { state: dto.noConflict ? 'declared' : 'recused', declaration, declaredAt: new Date() });
      await m.save(row);
      await appendAudit(m, {
        actor: `user:${caller.username}`,
        action: dto.noConflict ? 'evaluation_panel.no_conflict_declared' : 'evaluation_panel.recused',
        entityType: 'evaluation_assignment',
        entityId: row.id,
        data: { year: row.year, creditCode: row.creditCode, expertId: row.expertId, statement: declaration.statement },
      });
      return row;
    };
    if (dto.noConflict) return this.dataSource.transaction(record);
    const row = await this.own(this.dataSource.manager, id, caller);
    const workflowId = WorkflowIds.annualEvaluation(row.year);
    return decideOnce(this.dataSource, { key: decisionKey(workflowId, `${evaluationPanelUpdate.name}/recuse/${row.id}`), workflowId, action: evaluationPanelUpdate.name }, {
      check: async () => {
        if (row.state !== 'invited') throw problem(HttpStatus.CONFLICT, 'already-declared', '已作出声明，不能重复声明', 'the declaration has already been made');
      },
      ask: async (updateId) => {
        const experts = (await this.panelOf(this.dataSource.manager, row.year, row.creditCode)).map((a) => a.expertId);
        return askWorkflow(this.temporal.client, workflowId, evaluationPanelUpdate, [{ kind: 'recuse', panels: [{ creditCode: row.creditCode, experts }], expertId: row.expertId, statement: declaration.statement, by: caller.username }], updateId, { slug: 'recusal-refused', what: { zh: '考核流程拒绝回避声明', en: 'the evaluation refused the recusal' } }, this.config.decisionDeadlineMs);
      },
      record,
    });
  }

  /** Staff put another expert in the place of one who stood aside or has not scored, checked for conflicts as the panel was. */
  async replace(id: string, dto: ReplaceExpertDto, caller: Principal): Promise<EvaluationAssignmentEntity> {
    const old = await this.own(this.dataSource.manager, id, caller);
    const workflowId = WorkflowIds.annualEvaluation(old.year);
    const reason = dto.reason.trim();
    let experts: string[] = [];
    return decideOnce(this.dataSource, { key: decisionKey(workflowId, `${evaluationPanelUpdate.name}/replace/${old.id}`), workflowId, action: evaluationPanelUpdate.name }, {
      check: async () => {
        if (old.state === 'scored' || old.state === 'replaced' || old.replacedBy) {
          throw problem(HttpStatus.CONFLICT, 'not-replaceable', `该专家已${old.state === 'scored' ? '评分' : '被更换'}，不能更换`, `this expert has ${old.state === 'scored' ? 'scored' : 'been replaced'} already`, CONFLICT_ARTICLE);
        }
        const expert = await this.dataSource.getRepository(ExpertEntity).findOneBy({ id: dto.expertId });
        if (!expert?.active) throw problem(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown-experts', `专家库中没有（或已停用）：${dto.expertId}`, `not in the pool or inactive: ${dto.expertId}`);
        const before = await this.dataSource.getRepository(EvaluationAssignmentEntity).countBy({ year: old.year, creditCode: old.creditCode, expertId: dto.expertId });
        if (before) throw problem(HttpStatus.CONFLICT, 'already-on-panel', '该专家已参加（或曾参加）该示范平台的评分', 'this expert is (or was) on this platform\'s panel', CONFLICT_ARTICLE);
        const conflicts = detectConflicts({ expertId: expert.id, employerCreditCode: expert.employerCreditCode, declaredRelationships: expert.relationships }, { creditCode: old.creditCode, partnerCreditCodes: [] });
        if (conflicts.length) {
          throw problem(HttpStatus.CONFLICT, 'conflict-of-interest', `存在利益冲突，须回避：${conflicts.map((c) => c.reason.zh).join('；')}`, `conflict of interest: ${conflicts.map((c) => c.reason.en).join('; ')}`, CONFLICT_ARTICLE, { conflicts });
        }
        experts = (await this.panelOf(this.dataSource.manager, old.year, old.creditCode)).map((a) => (a.expertId === old.expertId ? dto.expertId : a.expertId));
      },
      ask: (updateId) =>
        askWorkflow(this.temporal.client, workflowId, evaluationPanelUpdate, [{ kind: 'replace', panels: [{ creditCode: old.creditCode, experts }], expertId: dto.expertId, by: caller.username }], updateId, { slug: 'replacement-refused', what: { zh: '考核流程拒绝更换专家', en: 'the evaluation refused the replacement' } }, this.config.decisionDeadlineMs),
      record: async (m) => {
        const locked = await this.own(m, id, caller, true);
        await m.update(EvaluationAssignmentEntity, { id: locked.id }, { ...(locked.state === 'recused' ? {} : { state: 'replaced' as const }), replacedBy: dto.expertId, replacementReason: reason });
        const fresh = await m.save(m.create(EvaluationAssignmentEntity, { year: locked.year, creditCode: locked.creditCode, institutionName: locked.institutionName, expertId: dto.expertId, policyVersion: locked.policyVersion, assignedBy: caller.username }));
        await appendAudit(m, {
          actor: `user:${caller.username}`,
          action: 'evaluation_panel.expert_replaced',
          entityType: 'evaluation',
          entityId: `${locked.year}/${locked.creditCode}`,
          data: { from: locked.expertId, to: dto.expertId, reason, replacedAssignment: locked.id, assignment: fresh.id },
        });
        return fresh;
      },
    });
  }

  /** A ten-minute grant to read the platform's report on the evaluated year at the applications service, after the declaration. */
  async reportGrant(id: string, caller: Principal): Promise<{ creditCode: string; year: number; grant: string; expiresIn: number; header: 'x-evidence-grant' }> {
    const row = await this.own(this.dataSource.manager, id, caller);
    if (row.state !== 'declared' && row.state !== 'scored') {
      throw problem(HttpStatus.FORBIDDEN, 'declaration-required', '请先声明无利益冲突，再查阅年度报告', 'declare that you have no conflict of interest before reading the report', CONFLICT_ARTICLE);
    }
    return { creditCode: row.creditCode, year: row.year, grant: this.tokens.issueReportGrant({ expertId: row.expertId, creditCode: row.creditCode, year: row.year }), expiresIn: EVIDENCE_GRANT_SECONDS, header: 'x-evidence-grant' };
  }

  /** The expert's score, once, after declaring no conflict: the workflow takes it (and computes the platform afresh) first. */
  async score(id: string, dto: EvaluationScoreDto, caller: Principal): Promise<EvaluationAssignmentEntity> {
    const row = await this.own(this.dataSource.manager, id, caller);
    const workflowId = WorkflowIds.annualEvaluation(row.year);
    const score = dto.score;
    return decideOnce(this.dataSource, { key: decisionKey(workflowId, `${evaluationExpertScoreUpdate.name}/${row.id}`), workflowId, action: evaluationExpertScoreUpdate.name }, {
      check: async () => {
        if (row.state === 'scored') throw problem(HttpStatus.CONFLICT, 'already-scored', '已提交评分，不能修改', 'the score is already in and cannot change');
        if (row.state !== 'declared') {
          throw problem(HttpStatus.FORBIDDEN, 'declaration-required', row.state === 'invited' ? '请先声明无利益冲突，再评分' : '已回避或被更换，不能评分', row.state === 'invited' ? 'declare that you have no conflict of interest before scoring' : 'you stood aside or were replaced: no score', CONFLICT_ARTICLE);
        }
      },
      ask: (updateId) =>
        askWorkflow(this.temporal.client, workflowId, evaluationExpertScoreUpdate, [{ creditCode: row.creditCode, expertId: row.expertId, score, by: caller.username }], updateId, { slug: 'score-refused', what: { zh: '考核流程拒绝评分', en: 'the evaluation refused the score' } }, this.config.decisionDeadlineMs),
      record: async (m) => {
        const locked = await this.own(m, id, caller, true);
        Object.assign(locked, { state: 'scored', score, comment: dto.comment?.trim() || null, scoredAt: new Date() });
        await m.save(locked);
        await appendAudit(m, {
          actor: `user:${caller.username}`,
          action: 'evaluation_panel.scored',
          entityType: 'evaluation_assignment',
          entityId: locked.id,
          data: { year: locked.year, creditCode: locked.creditCode, expertId: locked.expertId, score },
        });
        return m.findOneByOrFail(EvaluationAssignmentEntity, { id: locked.id });
      },
    });
  }
}
