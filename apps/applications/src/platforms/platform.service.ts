import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { forbidden, type Principal } from '@sme/auth';
import {
  lateReportDecisionUpdate,
  platformStatusQuery,
  type PlatformListItem,
  type PlatformStage,
  type PlatformStatus,
  recordRecommendationUpdate,
  reportSubmittedSignal,
  revokeTitleUpdate,
  WorkflowIds,
  WorkflowTypes,
} from '@sme/contracts';
import { appendAudit, AnnualReportEntity, PlatformEntity } from '@sme/persistence';
import { shanghaiDate } from '@sme/policy';
import { DomainProblem, TemporalClientHolder } from '@sme/runtime';
import { DataSource } from 'typeorm';
import { publishedStages } from '../lifecycle/visibility';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import type { AnnualReportDto, LateReportDecisionDto, RecommendationDto, RevokeDto } from './platform.dtos';

const missing = (code: string) => ({ zh: `${code} 不是示范平台`, en: `${code} is not a recognised platform` });

@Injectable()
export class PlatformService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: WorkflowGateway,
    private readonly temporal: TemporalClientHolder,
  ) {}

  /**
   * Every platform on the register with the stage its workflow last published (第十五条 reports, 第十七条 revocation),
   * for staff chasing late reports and the bureau: one database read and one visibility call, not a query each.
   */
  async list(stage: string | undefined): Promise<PlatformListItem[]> {
    const rows = await this.dataSource.getRepository(PlatformEntity).find({ order: { listYear: 'DESC', institutionName: 'ASC' }, take: 1000 });
    const stages = await publishedStages(this.temporal.client, `WorkflowType = '${WorkflowTypes.platform}'`, (_id, code) => code ?? _id, rows.length * 4 + 10);
    const today = shanghaiDate(new Date());
    return rows
      .map((r) => ({
        creditCode: r.creditCode,
        institutionName: r.institutionName,
        listYear: r.listYear,
        awardedOn: r.awardedOn,
        validThrough: r.validThrough,
        valid: r.validThrough >= today,
        stage: (stages.get(r.creditCode)?.replace(/^platform_/, '') ?? null) as PlatformStage | null,
      }))
      .filter((p) => !stage || p.stage === stage);
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

  reports(creditCode: string, caller: Principal): Promise<AnnualReportEntity[]> {
    this.own(creditCode, caller);
    return this.dataSource.getRepository(AnnualReportEntity).find({ where: { creditCode }, order: { reportYear: 'DESC' } });
  }

  /**
   * Files the annual report (第十五条, due by the end of February): stored once per year, then the platform
   * workflow is told, which stops its reminders and records whether it was late. The signal is sent inside the
   * transaction: a report the workflow never heard of is never stored.
   */
  async submitReport(creditCode: string, dto: AnnualReportDto, caller: Principal): Promise<{ report: AnnualReportEntity; status: PlatformStatus }> {
    this.own(creditCode, caller);
    const today = shanghaiDate(new Date());
    const thisYear = Number(today.slice(0, 4));
    if (dto.reportYear > thisYear || dto.reportYear < thisYear - 3) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'report-year', {
        zh: `报告年度须在 ${thisYear - 3} 至 ${thisYear} 之间`,
        en: `the report year must be between ${thisYear - 3} and ${thisYear}`,
      }, '第十五条');
    }
    const before = await this.status(creditCode, caller);
    if (before.stage === 'revoked' || before.stage === 'lapsed') {
      throw new DomainProblem(HttpStatus.CONFLICT, 'platform-ended', { zh: '示范平台称号已撤销或失效，无需报送', en: 'the title was revoked or has lapsed: no report is due' }, '第十七条');
    }
    const report = await this.dataSource.transaction(async (m) => {
      const exists = await m.findOne(AnnualReportEntity, { where: { creditCode, reportYear: dto.reportYear } });
      if (exists) {
        throw new DomainProblem(HttpStatus.CONFLICT, 'report-exists', { zh: `${dto.reportYear} 年度报告已报送`, en: `the ${dto.reportYear} report was already filed` }, '第十五条');
      }
      const row = await m.save(
        m.create(AnnualReportEntity, {
          creditCode,
          reportYear: dto.reportYear,
          content: { summary: dto.summary, operation: { ...dto.operation }, development: dto.development },
          submittedOn: today,
          submittedBy: caller.username,
        }),
      );
      await appendAudit(m, { actor: `user:${caller.username}`, action: 'platform.report_submitted', entityType: 'platform', entityId: creditCode, data: { reportYear: dto.reportYear, submittedOn: today } });
      await this.workflows.signal(WorkflowIds.platform(creditCode), reportSubmittedSignal, [{ reportYear: dto.reportYear, submittedOn: today }], missing(creditCode));
      return row;
    });
    return { report, status: await this.workflows.query(WorkflowIds.platform(creditCode), platformStatusQuery, missing(creditCode)) };
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

  lateReport(creditCode: string, dto: LateReportDecisionDto, caller: Principal): Promise<PlatformStatus> {
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      lateReportDecisionUpdate,
      [{ reportYear: dto.reportYear, decision: dto.decision, reason: dto.reason, by: caller.username }],
      { slug: 'late-report-refused', what: { zh: '不能作出逾期处理', en: 'the late-report decision cannot be taken' } },
      { actor: `user:${caller.username}`, action: `platform.late_report_${dto.decision}`, entityType: 'platform', entityId: creditCode, data: { ...dto } },
    );
  }

  recommend(creditCode: string, dto: RecommendationDto, caller: Principal): Promise<PlatformStatus> {
    return this.workflows.update(
      WorkflowIds.platform(creditCode),
      recordRecommendationUpdate,
      [{ level: dto.level, year: dto.year, note: dto.note ?? '' }],
      { slug: 'recommendation-refused', what: { zh: '不能记录推荐', en: 'the recommendation cannot be recorded' } },
      { actor: `user:${caller.username}`, action: 'platform.recommended', entityType: 'platform', entityId: creditCode, data: { ...dto } },
    );
  }
}
