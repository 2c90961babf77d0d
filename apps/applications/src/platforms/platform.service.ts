import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { forbidden, type Principal } from '@sme/auth';
import {
  decideRectificationUpdate,
  decideRevocationUpdate,
  fileRectificationUpdate,
  lateReportDecisionUpdate,
  platformStatusQuery,
  type PlatformListItem,
  type PlatformStage,
  type PlatformStatus,
  type PublicPlatform,
  recordRecommendationUpdate,
  revokeTitleUpdate,
  SearchAttributeKeys,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { PlatformEntity } from '@sme/persistence';
import { shanghaiDate } from '@sme/policy';
import { DomainProblem, TemporalClientHolder } from '@sme/runtime';
import { DataSource, In } from 'typeorm';
import { listedWorkflowStages, publishedStages } from '../lifecycle/visibility';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import type { LateReportDecisionDto, RectificationDecisionDto, RectificationReportDto, RecommendationDto, RevocationDecisionDto, RevokeDto } from './platform.dtos';

/** How a register row stands today: revoked and lapsed titles say so, with the date and article (第十七条). */
export function registerStanding(r: PlatformEntity, today: string): { valid: boolean; status: 'valid' | 'revoked' | 'lapsed' | 'expired'; endedOn: string | null; endArticle: string | null } {
  if (r.status !== 'valid') return { valid: false, status: r.status, endedOn: r.endedOn, endArticle: r.endArticle };
  if (r.validThrough < today) return { valid: false, status: 'expired', endedOn: r.validThrough, endArticle: '第十七条' };
  return { valid: true, status: 'valid', endedOn: null, endArticle: null };
}

/** A platform as the public register shows it (第十八条): its title, validity, standing today and functions. */
export function publicPlatform(r: PlatformEntity, today: string): PublicPlatform {
  return {
    creditCode: r.creditCode,
    institutionName: r.institutionName,
    awardedOn: r.awardedOn,
    validThrough: r.validThrough,
    listYear: r.listYear,
    ...registerStanding(r, today),
    functions: r.functions,
  };
}

/** The stages a running platform workflow is at (only its latest run runs), against those its last run ended in. */
const LIVE_STAGES: ReadonlySet<string> = new Set<PlatformStage>(['active', 'report_due', 'report_late', 'rectifying', 'revocation_proposed', 'awaiting_renewal']);
/** Platforms at the live stages a list by stage takes, at most (the register holds thousands; a stage holds a part). */
const MAX_AT_STAGE = 20_000;

const missing = (code: string) => ({ zh: `${code} 不是示范平台`, en: `${code} is not a recognised platform` });

@Injectable()
export class PlatformService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: WorkflowGateway,
    private readonly temporal: TemporalClientHolder,
  ) {}

  /**
   * The register with the stage each platform's workflow last published (第十五条 reports, 第十七条 revocation), for
   * staff chasing late reports and the bureau: one database read and one visibility call, not a query each. Without
   * a stage, or by an ended one: the newest 1,000 titles. By a live stage (late reports, rectifications, proposals):
   * every platform whose running workflow is there, however large the register (visibility names them, then their
   * rows are read; the first 1,000 titles alone missed the rest).
   */
  async list(stage: string | undefined): Promise<PlatformListItem[]> {
    if (stage && LIVE_STAGES.has(stage)) return this.atLiveStages([stage as PlatformStage]);
    const rows = await this.dataSource.getRepository(PlatformEntity).find({ order: { listYear: 'DESC', institutionName: 'ASC' }, take: 1000 });
    const stages = await publishedStages(this.temporal.client, `WorkflowType = '${WorkflowTypes.platform}'`, (_id, code) => code ?? _id, rows.length * 4 + 10);
    return this.withStanding(rows, (code) => stages.get(code)).filter((p) => !stage || p.stage === stage);
  }

  /**
   * Every platform whose running workflow is at one of the live `stages`, each with its stage: one visibility call
   * whatever the number of stages (the workbench asks for two at once), then their rows.
   */
  async atLiveStages(stages: PlatformStage[]): Promise<PlatformListItem[]> {
    const query = `WorkflowType = '${WorkflowTypes.platform}' AND ExecutionStatus = 'Running' AND ${SearchAttributeKeys.Stage.name} IN (${stages.map((s) => `'platform_${s}'`).join(', ')})`;
    const prefix = WorkflowIds.platform('');
    const listed = new Map<string, string | null>();
    for (const [id, stage] of await listedWorkflowStages(this.temporal.client, query, MAX_AT_STAGE)) if (id.startsWith(prefix)) listed.set(id.slice(prefix.length), stage);
    if (!listed.size) return [];
    const rows = await this.dataSource.getRepository(PlatformEntity).find({ where: { creditCode: In([...listed.keys()]) }, order: { listYear: 'DESC', institutionName: 'ASC' } });
    return this.withStanding(rows, (code) => listed.get(code) ?? undefined);
  }

  private withStanding(rows: PlatformEntity[], stageOf: (creditCode: string) => string | undefined): PlatformListItem[] {
    const today = shanghaiDate(new Date());
    return rows
      .map((r) => ({
        creditCode: r.creditCode,
        institutionName: r.institutionName,
        listYear: r.listYear,
        awardedOn: r.awardedOn,
        validThrough: r.validThrough,
        ...registerStanding(r, today),
        stage: (stageOf(r.creditCode)?.replace(/^platform_/, '') ?? null) as PlatformStage | null,
      }));
  }

  private own(creditCode: string, caller: Principal): void {
    if (caller.role === 'applicant' && caller.institution !== creditCode) {
      throw forbidden({ zh: '只能查看或填报本机构的示范平台', en: 'you may act only for your own institution\'s platform' });
    }
  }

  status(creditCode: string, caller: Principal): Promise<PlatformStatus> {
    this.own(creditCode, caller);
    return this.workflows.query(WorkflowIds.platform(creditCode), platformStatusQuery, missing(creditCode));
  }

  revoke(creditCode: string, dto: RevokeDto, caller: Principal): Promise<PlatformStatus> {
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      revokeTitleUpdate,
      [{ reason: dto.reason, article: dto.article, by: caller.username }],
      { slug: 'revocation-refused', what: { zh: '不能撤销', en: 'the title cannot be revoked' } },
      { actor: `user:${caller.username}`, action: 'platform.revoked', entityType: 'platform', entityId: creditCode, data: { ...dto } },
    );
  }

  /** The bureau's decision on a proposal to revoke (第十七条): both the proposal and this decision are in the audit trail. */
  decideRevocation(creditCode: string, dto: RevocationDecisionDto, caller: Principal): Promise<PlatformStatus> {
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      decideRevocationUpdate,
      [{ decision: dto.decision, reason: dto.reason, ...(dto.article ? { article: dto.article } : {}), by: caller.username }],
      { slug: 'revocation-decision-refused', what: { zh: '不能对撤销建议作出决定', en: 'the proposal cannot be decided' } },
      { actor: `user:${caller.username}`, action: `platform.revocation_${dto.decision === 'accept' ? 'accepted' : 'rejected'}`, entityType: 'platform', entityId: creditCode, data: { ...dto } },
    );
  }

  /** Staff on a late report (第十五条): keep chasing, excuse, or propose revocation. Only the bureau revokes (第十七条). */
  lateReport(creditCode: string, dto: LateReportDecisionDto, caller: Principal): Promise<PlatformStatus> {
    if (dto.decision === 'revoke') {
      throw new DomainProblem(HttpStatus.FORBIDDEN, 'revocation-is-the-bureaus', {
        zh: '撤销称号由市工信局决定；服务中心可提出撤销建议（propose_revocation）',
        en: 'only the bureau revokes a title; center staff may propose it (propose_revocation)',
      }, '第十七条');
    }
    const action = dto.decision === 'propose_revocation' ? 'platform.revocation_proposed' : `platform.late_report_${dto.decision}`;
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      lateReportDecisionUpdate,
      [{ reportYear: dto.reportYear, decision: dto.decision, reason: dto.reason, by: caller.username }],
      { slug: 'late-report-refused', what: { zh: '不能作出逾期处理', en: 'the late-report decision cannot be taken' } },
      { actor: `user:${caller.username}`, action, entityType: 'platform', entityId: creditCode, data: { ...dto } },
    );
  }

  /** Recommendations upward (第十六条) are for platforms whose title stands: a revoked or lapsed one is refused. */
  async recommend(creditCode: string, dto: RecommendationDto, caller: Principal): Promise<PlatformStatus> {
    const row = await this.dataSource.getRepository(PlatformEntity).findOneBy({ creditCode });
    if (row && row.status !== 'valid') {
      throw new DomainProblem(HttpStatus.CONFLICT, 'platform-ended', {
        zh: `称号已${row.status === 'revoked' ? '撤销' : '失效'}（${row.endedOn}，${row.endArticle}），不能推荐`,
        en: `the title was ${row.status} on ${row.endedOn} (${row.endArticle}): it cannot be recommended`,
      }, '第十六条');
    }
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      recordRecommendationUpdate,
      [{ level: dto.level, year: dto.year, note: dto.note ?? '' }],
      { slug: 'recommendation-refused', what: { zh: '不能记录推荐', en: 'the recommendation cannot be recorded' } },
      { actor: `user:${caller.username}`, action: 'platform.recommended', entityType: 'platform', entityId: creditCode, data: { ...dto } },
    );
  }

  /** The platform files its rectification report (第十九条 整改); staff are told. */
  fileRectification(creditCode: string, dto: RectificationReportDto, caller: Principal): Promise<PlatformStatus> {
    this.own(creditCode, caller);
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      fileRectificationUpdate,
      [{ text: dto.text, by: caller.username }],
      { slug: 'rectification-refused', what: { zh: '不能报送整改报告', en: 'the rectification report cannot be filed' } },
      { actor: `user:${caller.username}`, action: 'platform.rectification_filed', entityType: 'platform', entityId: creditCode, data: { length: dto.text.length } },
    );
  }

  /** Staff close a rectification, or escalate it as a proposal to revoke: the bureau decides (第十七条, 第十九条). */
  decideRectification(creditCode: string, dto: RectificationDecisionDto, caller: Principal): Promise<PlatformStatus> {
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      decideRectificationUpdate,
      [{ decision: dto.decision, reason: dto.reason, by: caller.username }],
      { slug: 'rectification-decision-refused', what: { zh: '不能作出整改决定', en: 'the rectification cannot be decided' } },
      { actor: `user:${caller.username}`, action: dto.decision === 'close' ? 'platform.rectification_closed' : 'platform.revocation_proposed', entityType: 'platform', entityId: creditCode, data: { ...dto } },
    );
  }
}
