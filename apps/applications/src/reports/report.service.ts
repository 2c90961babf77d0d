import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { forbidden, type Principal } from '@sme/auth';
import { EventSubjects, platformStatusQuery, type PlatformStatus, type ReportReturnedPayload, reportSubmittedSignal, WorkflowIds } from '@sme/contracts';
import { appendToOutbox } from '@sme/messaging';
import { AnnualReportEntity, AnnualReportRevisionEntity, appendAudit, PlatformEntity, ReportFileEntity } from '@sme/persistence';
import {
  type AnnualReportContent,
  checkServedEnterprises,
  reportFacts,
  reportYearFor,
  SERVICE_FUNCTION_NAMES,
  type ServedCounts,
  type ServedEnterpriseError,
  shanghaiDate,
} from '@sme/policy';
import { DomainProblem, ValidationProblem } from '@sme/runtime';
import { DataSource, type EntityManager, In } from 'typeorm';
import { EvidenceService, type UploadedEvidence } from '../evidence/evidence.service';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { EvaluationActivities } from '../evaluations/evaluation.activities';
import { SheetProblem } from '../platforms/spreadsheet';
import type { AnnualReportDto, PublishSummaryDto, ReturnReportDto } from './report.dtos';
import { readServedList } from './served-list';

const ARTICLE = '第十五条';
/** Files one report may carry (lists uploaded again and attachments together). */
const MAX_FILES_PER_REPORT = 50;
/** Refused rows shown with a served list; the count of all of them is always given. */
const ERRORS_KEPT = 500;

const missing = (code: string) => ({ zh: `${code} 不是示范平台`, en: `${code} is not a recognised platform` });

export interface ServedListView {
  id: string;
  filename: string;
  sha256: string;
  uploadedAt: Date;
  counts: ServedCounts;
  errors: ServedEnterpriseError[];
}

export interface ReportForm {
  creditCode: string;
  institutionName: string;
  /** The year this form files (第十五条 上一年度, or an earlier one still owed, or one returned for correction); null: nothing to file now. */
  reportYear: number | null;
  due: string | null;
  late: boolean;
  /** A report of that year returned for correction: why. */
  returned: { reason: string; by: string | null; at: Date | null; revision: number } | null;
  servedList: ServedListView | null;
  attachments: Array<{ id: string; filename: string; sha256: string; sizeBytes: number }>;
  templatePath: string;
}

export interface PublicReportSummary {
  creditCode: string;
  institutionName: string;
  reportYear: number;
  smesServed: number;
  servedBySize: { medium: number; small: number; micro: number };
  services: Array<{ function: string; name: string; activities: number; enterprisesServed: number }>;
  satisfactionPercent: string;
  highlights: string;
  note: string | null;
  publishedAt: string;
}

/**
 * A filed report as the API answers it. Its content is the structured form (libs/policy AnnualReportContent,
 * `form: 'annual-report/2'`) or, for a report filed before that form existed, the earlier free form as it was kept.
 */
export interface FiledReport extends Omit<AnnualReportEntity, 'content'> {
  content: AnnualReportContent | Record<string, unknown>;
}

/**
 * The annual report (第十五条) as the evaluation reads it: a form whose year the system fixes, the served-enterprise
 * list checked row by row and sized under 300号 (第二十条), attachments kept with their digests, staff's return for
 * correction (every earlier version kept), and the bureau's publication of a public summary (视情对外发布).
 */
@Injectable()
export class ReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: WorkflowGateway,
    private readonly evidence: EvidenceService,
    private readonly relay: OutboxRelayService,
    private readonly evaluation: EvaluationActivities,
  ) {}

  private own(creditCode: string, caller: Principal): void {
    if (caller.role === 'applicant' && caller.institution !== creditCode) {
      throw forbidden({ zh: '只能查看或填报本机构的示范平台', en: 'you may act only for your own institution\'s platform' });
    }
  }

  /**
   * The year an expert may read of this platform's reports: the one their report grant names (the scoring room issues it
   * once they declared no conflict on the platform's evaluation, 第十二条); anything else is "not found".
   */
  private grantedYear(creditCode: string, caller: Principal, grant?: string): number {
    const g = this.evidence.reportGrant(grant);
    if (!g || g.creditCode !== creditCode || g.expertId !== caller.expertId) {
      throw new DomainProblem(HttpStatus.NOT_FOUND, 'report-not-found', { zh: '未找到年度报告（专家须先声明无利益冲突并取得查阅凭证）', en: 'no such report (an expert needs the grant issued after declaring no conflict)' });
    }
    return g.year;
  }

  /** The institution's name as the register has it, else as its platform workflow does (404 when neither knows it). */
  private async institutionName(creditCode: string, status?: PlatformStatus): Promise<string> {
    const p = await this.dataSource.getRepository(PlatformEntity).findOneBy({ creditCode });
    return p?.institutionName ?? (status ?? (await this.status(creditCode))).institutionName;
  }

  private status(creditCode: string): Promise<PlatformStatus> {
    return this.workflows.query(WorkflowIds.platform(creditCode), platformStatusQuery, missing(creditCode));
  }

  /**
   * The year the form files, fixed by the system: a report returned for correction first; then the earliest report
   * the platform still owes (its workflow knows, also across 1 January); else the year just ended, unless filed.
   */
  private async formYear(creditCode: string, status: PlatformStatus): Promise<number | null> {
    const repo = this.dataSource.getRepository(AnnualReportEntity);
    const returned = await repo.findOne({ where: { creditCode, status: 'returned' }, order: { reportYear: 'ASC' } });
    if (returned) return returned.reportYear;
    const owed = (status.openReports ?? []).map((r) => r.reportYear).sort((a, b) => a - b);
    for (const year of owed) if (!(await repo.exist({ where: { creditCode, reportYear: year } }))) return year;
    const previous = reportYearFor(shanghaiDate(new Date()));
    return (await repo.exist({ where: { creditCode, reportYear: previous } })) ? null : previous;
  }

  private ended(status: PlatformStatus): void {
    if (status.stage === 'revoked' || status.stage === 'lapsed') {
      throw new DomainProblem(HttpStatus.CONFLICT, 'platform-ended', { zh: '示范平台称号已撤销或失效，无需报送', en: 'the title was revoked or has lapsed: no report is due' }, '第十七条');
    }
  }

  /** What the form needs: its year, the due date, a returned report's reason, and the files uploaded for it so far. */
  async form(creditCode: string, caller: Principal): Promise<ReportForm> {
    this.own(creditCode, caller);
    const status = await this.status(creditCode);
    const year = status.stage === 'revoked' || status.stage === 'lapsed' ? null : await this.formYear(creditCode, status);
    const pending = year === null ? undefined : (status.openReports ?? []).find((r) => r.reportYear === year);
    const returned = year === null ? null : await this.dataSource.getRepository(AnnualReportEntity).findOne({ where: { creditCode, reportYear: year, status: 'returned' } });
    const files = year === null ? [] : await this.dataSource.getRepository(ReportFileEntity).find({ where: { creditCode, reportYear: year }, order: { uploadedAt: 'DESC' } });
    const list = files.find((f) => f.kind === 'served_list');
    return {
      creditCode,
      institutionName: await this.institutionName(creditCode, status),
      reportYear: year,
      due: pending?.due ?? null,
      late: pending?.late ?? false,
      returned: returned ? { reason: returned.returnedReason ?? '', by: returned.returnedBy, at: returned.returnedAt, revision: returned.revision } : null,
      servedList: list ? servedView(list) : null,
      attachments: files.filter((f) => f.kind === 'attachment').map((f) => ({ id: f.id, filename: f.filename, sha256: f.sha256, sizeBytes: Number(f.sizeBytes) })),
      templatePath: '/api/reports/served-list-template.xlsx',
    };
  }

  private async fileYear(creditCode: string, caller: Principal): Promise<number> {
    this.own(creditCode, caller);
    const status = await this.status(creditCode);
    this.ended(status);
    const year = await this.formYear(creditCode, status);
    if (year === null) throw noReportOwed();
    return year;
  }

  /** Keeps a file for the report being filed (checked and scanned like evidence, stored by its digest). */
  private async keepFile(creditCode: string, year: number, kind: ReportFileEntity['kind'], upload: UploadedEvidence | undefined, caller: Principal, served: ((bytes: Buffer) => Promise<Record<string, unknown>>) | null): Promise<ReportFileEntity> {
    const count = await this.dataSource.getRepository(ReportFileEntity).countBy({ creditCode, reportYear: year });
    if (count >= MAX_FILES_PER_REPORT) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'too-many-files', { zh: `每份年度报告最多上传 ${MAX_FILES_PER_REPORT} 个文件`, en: `at most ${MAX_FILES_PER_REPORT} files per annual report` }, ARTICLE);
    }
    const doc = await this.evidence.keepDocument(upload, `report:${creditCode}:${year}`);
    const result = served ? await served(upload!.buffer) : null;
    return this.dataSource.transaction(async (m) => {
      const row = await m.save(
        m.create(ReportFileEntity, { creditCode, reportYear: year, kind, filename: doc.filename, contentType: doc.contentType, sizeBytes: String(upload!.size), sha256: doc.sha256, served: result, uploadedBy: caller.username }),
      );
      await appendAudit(m, { actor: `user:${caller.username}`, action: `platform.report_${kind === 'served_list' ? 'served_list' : 'attachment'}_uploaded`, entityType: 'platform', entityId: creditCode, data: { reportYear: year, fileId: row.id, filename: doc.filename, sha256: doc.sha256, ...(result ? { counts: result['counts'] } : {}) } });
      return row;
    });
  }

  /** The served-enterprise list: every row checked and sized (第二十条); bad rows are listed and not counted. */
  async uploadServedList(creditCode: string, upload: UploadedEvidence | undefined, caller: Principal): Promise<ServedListView> {
    const year = await this.fileYear(creditCode, caller);
    const row = await this.keepFile(creditCode, year, 'served_list', upload, caller, async (bytes) => {
      let rows;
      try {
        rows = await readServedList(bytes);
      } catch (err) {
        if (err instanceof SheetProblem) throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'served-list-sheet', err.text, ARTICLE);
        throw err;
      }
      if (rows.length === 0) throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'served-list-empty', { zh: '名单中没有数据行', en: 'the list has no data rows' }, ARTICLE);
      const { counts, errors } = checkServedEnterprises(rows);
      return { counts, errors: errors.slice(0, ERRORS_KEPT), errorCount: errors.length };
    });
    return servedView(row);
  }

  async uploadAttachment(creditCode: string, upload: UploadedEvidence | undefined, caller: Principal): Promise<{ id: string; filename: string; sha256: string; sizeBytes: number }> {
    const year = await this.fileYear(creditCode, caller);
    const row = await this.keepFile(creditCode, year, 'attachment', upload, caller, null);
    return { id: row.id, filename: row.filename, sha256: row.sha256, sizeBytes: Number(row.sizeBytes) };
  }

  async download(creditCode: string, fileId: string, caller: Principal, grant?: string): Promise<{ meta: ReportFileEntity; bytes: Buffer }> {
    this.own(creditCode, caller);
    const year = caller.role === 'expert' ? this.grantedYear(creditCode, caller, grant) : undefined;
    const meta = await this.dataSource.getRepository(ReportFileEntity).findOneBy({ id: fileId, creditCode, ...(year !== undefined ? { reportYear: year } : {}) });
    if (!meta) throw new DomainProblem(HttpStatus.NOT_FOUND, 'file-not-found', { zh: '未找到该文件', en: 'no such file' });
    const bytes = await this.evidence.readDocument(meta.sha256);
    if (!bytes) throw new DomainProblem(HttpStatus.INTERNAL_SERVER_ERROR, 'file-damaged', { zh: '文件已损坏或丢失，请联系运维', en: 'the stored file is missing or altered; tell the operator' });
    return { meta, bytes };
  }

  reports(creditCode: string, caller: Principal, grant?: string): Promise<FiledReport[]> {
    this.own(creditCode, caller);
    const year = caller.role === 'expert' ? this.grantedYear(creditCode, caller, grant) : undefined;
    return this.dataSource.getRepository(AnnualReportEntity).find({ where: { creditCode, ...(year !== undefined ? { reportYear: year } : {}) }, order: { reportYear: 'DESC' } });
  }

  /**
   * Files the annual report (第十五条, due by the end of February) on the year the form fixes. A first filing tells
   * the platform workflow first, outside any transaction (a report it already heard of is ignored, so a retry is
   * safe), which stops its reminders and records whether it was late; then the report and its audit event commit
   * together. A report returned for correction is filed again in place, the version before kept.
   */
  async submit(creditCode: string, dto: AnnualReportDto, caller: Principal): Promise<{ report: FiledReport; status: PlatformStatus }> {
    this.own(creditCode, caller);
    const before = await this.status(creditCode);
    this.ended(before);
    const year = await this.formYear(creditCode, before);
    if (year === null) throw noReportOwed();
    if (dto.reportYear !== undefined && dto.reportYear !== year) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'report-year-fixed', {
        zh: `报告年度由系统确定：现在报送的是 ${year} 年度报告（第十五条：上一年度或仍欠交的年度），不能报送 ${dto.reportYear} 年度`,
        en: `the report year is fixed by the form: ${year} is the report to file now (Art. 15), not ${dto.reportYear}`,
      }, ARTICLE);
    }
    const content = await this.content(creditCode, year, dto);
    const today = shanghaiDate(new Date());
    const repo = this.dataSource.getRepository(AnnualReportEntity);
    const existing = await repo.findOneBy({ creditCode, reportYear: year });
    let report: AnnualReportEntity;
    if (existing) {
      report = await this.dataSource.transaction(async (m) => {
        const row = await m.findOne(AnnualReportEntity, { where: { id: existing.id }, lock: { mode: 'pessimistic_write' } });
        if (!row || row.status !== 'returned') throw reportExists(year);
        await m.save(m.create(AnnualReportRevisionEntity, {
          reportId: row.id,
          revision: row.revision,
          content: row.content,
          submittedOn: row.submittedOn,
          submittedBy: row.submittedBy,
          returnedReason: row.returnedReason ?? '',
          returnedBy: row.returnedBy ?? '',
          returnedAt: row.returnedAt ?? new Date(),
        }));
        Object.assign(row, { content, status: 'filed', revision: row.revision + 1, submittedBy: caller.username, returnedReason: null, returnedBy: null, returnedAt: null });
        await m.save(row);
        await appendAudit(m, { actor: `user:${caller.username}`, action: 'platform.report_corrected', entityType: 'platform', entityId: creditCode, data: { reportYear: year, revision: row.revision, facts: reportFacts(content) } });
        return row;
      });
    } else {
      await this.workflows.signal(WorkflowIds.platform(creditCode), reportSubmittedSignal, [{ reportYear: year, submittedOn: today }], missing(creditCode));
      report = await this.dataSource.transaction(async (m) => {
        if (await m.findOne(AnnualReportEntity, { where: { creditCode, reportYear: year } })) throw reportExists(year);
        const owed = [...(before.openReports ?? []), ...(before.pendingReport ? [before.pendingReport] : [])].find((r) => r.reportYear === year);
        const row = await m.save(m.create(AnnualReportEntity, { creditCode, reportYear: year, content: content as unknown as Record<string, unknown>, submittedOn: today, submittedBy: caller.username, chases: owed?.chases ?? 0 }));
        await appendAudit(m, { actor: `user:${caller.username}`, action: 'platform.report_submitted', entityType: 'platform', entityId: creditCode, data: { reportYear: year, submittedOn: today, facts: reportFacts(content) } });
        return row;
      });
    }
    // Filed (or corrected) while staff review that year's evaluation: the platform's indicators count it at once.
    await this.evaluation.countReport(year, creditCode, caller.username);
    return { report, status: await this.status(creditCode) };
  }

  /** The report's content, checked across its fields; the SMEs served come from the stored list, never the client. */
  private async content(creditCode: string, year: number, dto: AnnualReportDto): Promise<AnnualReportContent> {
    const errors: Array<{ field: string; reason: { zh: string; en: string } }> = [];
    const seen = new Set<string>();
    dto.services.forEach((s, i) => {
      if (seen.has(s.function)) errors.push({ field: `services[${i}].function`, reason: { zh: `${SERVICE_FUNCTION_NAMES[s.function].zh}重复填报`, en: `${s.function} is given twice` } });
      seen.add(s.function);
    });
    if (dto.satisfaction.satisfied > dto.satisfaction.surveyed) errors.push({ field: 'satisfaction.satisfied', reason: { zh: '满意企业数不能多于调查样本数', en: 'more satisfied than surveyed' } });
    if (dto.serviceCount.freeOrLowFee > dto.serviceCount.total) errors.push({ field: 'serviceCount.freeOrLowFee', reason: { zh: '公益性或低收费服务项次不能多于服务总项次', en: 'more free or low-fee services than services' } });
    if (dto.staff.qualified > dto.staff.total) errors.push({ field: 'staff.qualified', reason: { zh: '合格人员数不能多于服务人员总数', en: 'more qualified staff than staff' } });
    if (errors.length) throw new ValidationProblem(errors, 422);
    const files = this.dataSource.getRepository(ReportFileEntity);
    const list = await files.findOneBy({ id: dto.servedListId, creditCode, reportYear: year, kind: 'served_list' });
    if (!list || !list.served) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'served-list-missing', {
        zh: `请先上传 ${year} 年度服务企业名单（servedListId 不是本报告上传的名单）`,
        en: `upload the ${year} served-enterprise list first (servedListId is not a list uploaded for this report)`,
      }, ARTICLE);
    }
    const ids = dto.attachmentIds ?? [];
    const attachments = ids.length ? await files.findBy({ id: In(ids), creditCode, reportYear: year, kind: 'attachment' }) : [];
    if (attachments.length !== ids.length) {
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'attachment-missing', { zh: '有附件不是为本报告上传的', en: 'an attachment was not uploaded for this report' }, ARTICLE);
    }
    const counts = (list.served as { counts: ServedCounts }).counts;
    return {
      form: 'annual-report/2',
      services: dto.services.map((s) => ({ function: s.function, activities: s.activities, enterprisesServed: s.enterprisesServed })),
      served: { ...counts, listSha256: list.sha256, filename: list.filename },
      satisfaction: { surveyed: dto.satisfaction.surveyed, satisfied: dto.satisfaction.satisfied },
      serviceCount: { total: dto.serviceCount.total, freeOrLowFee: dto.serviceCount.freeOrLowFee },
      staff: { total: dto.staff.total, qualified: dto.staff.qualified },
      revenueYuan: dto.revenueYuan,
      summary: dto.summary,
      plans: dto.plans,
      highlights: dto.highlights,
      attachments: attachments.map((a) => ({ sha256: a.sha256, filename: a.filename, sizeBytes: Number(a.sizeBytes) })),
    };
  }

  /** Staff return a filed report for correction, with the reason; the platform is told and files it again. */
  async returnReport(creditCode: string, year: number, dto: ReturnReportDto, caller: Principal): Promise<FiledReport> {
    const institutionName = await this.institutionName(creditCode);
    const row = await this.dataSource.transaction(async (m) => {
      const r = await this.lockReport(m, creditCode, year);
      if (r.status === 'returned') throw new DomainProblem(HttpStatus.CONFLICT, 'report-returned', { zh: `${year} 年度报告已退回，等待平台重新报送`, en: `the ${year} report is already returned, awaiting correction` }, ARTICLE);
      Object.assign(r, { status: 'returned', returnedReason: dto.reason.trim(), returnedBy: caller.username, returnedAt: new Date(), publicSummary: null, publishedBy: null, publishedAt: null });
      await m.save(r);
      await appendAudit(m, { actor: `user:${caller.username}`, action: 'platform.report_returned', entityType: 'platform', entityId: creditCode, data: { reportYear: year, revision: r.revision, reason: r.returnedReason } });
      await appendToOutbox<ReportReturnedPayload>(m, 'applications.outbox', EventSubjects.reportReturned, { creditCode, institutionName, reportYear: year, reason: r.returnedReason! });
      return r;
    });
    this.relay.nudge();
    return row;
  }

  /** The bureau publishes a report's public summary (第十五条 视情对外发布): its choice, recorded with who and when. */
  async publish(creditCode: string, year: number, dto: PublishSummaryDto, caller: Principal): Promise<PublicReportSummary> {
    const institutionName = await this.institutionName(creditCode);
    return this.dataSource.transaction(async (m) => {
      const r = await this.lockReport(m, creditCode, year);
      if (r.status !== 'filed') throw new DomainProblem(HttpStatus.CONFLICT, 'report-returned', { zh: '报告已退回修改，重新报送后才能发布', en: 'the report is returned for correction: publish it once it is filed again' }, ARTICLE);
      const c = r.content as unknown as Partial<AnnualReportContent>;
      if (c.form !== 'annual-report/2') throw new DomainProblem(HttpStatus.CONFLICT, 'report-unstructured', { zh: '该报告为旧版自由格式，没有可发布的结构化数据', en: 'this report is in the earlier free form: nothing structured to publish' }, ARTICLE);
      const publishedAt = new Date();
      const facts = reportFacts(c as AnnualReportContent);
      const summary: PublicReportSummary = {
        creditCode,
        institutionName,
        reportYear: year,
        smesServed: c.served!.smes,
        servedBySize: { medium: c.served!.medium, small: c.served!.small, micro: c.served!.micro },
        services: c.services!.map((s) => ({ function: s.function, name: SERVICE_FUNCTION_NAMES[s.function].zh, activities: s.activities, enterprisesServed: s.enterprisesServed })),
        satisfactionPercent: facts['report.satisfactionPercent']!,
        highlights: c.highlights!,
        note: dto.note?.trim() || null,
        publishedAt: publishedAt.toISOString(),
      };
      Object.assign(r, { publicSummary: summary, publishedBy: caller.username, publishedAt });
      await m.save(r);
      await appendAudit(m, { actor: `user:${caller.username}`, action: 'platform.report_summary_published', entityType: 'platform', entityId: creditCode, data: { reportYear: year, note: summary.note } });
      return summary;
    });
  }

  /** The summaries the bureau published, newest year first. */
  async publicSummaries(year: number | undefined): Promise<PublicReportSummary[]> {
    const rows = await this.dataSource.getRepository(AnnualReportEntity).find({
      where: { status: 'filed', ...(year ? { reportYear: year } : {}) },
      order: { reportYear: 'DESC', creditCode: 'ASC' },
      take: 2000,
    });
    return rows.filter((r) => r.publicSummary).map((r) => r.publicSummary as unknown as PublicReportSummary);
  }

  private async lockReport(m: EntityManager, creditCode: string, year: number): Promise<AnnualReportEntity> {
    const r = await m.findOne(AnnualReportEntity, { where: { creditCode, reportYear: year }, lock: { mode: 'pessimistic_write' } });
    if (!r) throw new DomainProblem(HttpStatus.NOT_FOUND, 'report-not-found', { zh: `${creditCode} 没有 ${year} 年度报告`, en: `${creditCode} has no ${year} report` }, ARTICLE);
    return r;
  }
}

function servedView(f: ReportFileEntity): ServedListView {
  const s = (f.served ?? {}) as { counts?: ServedCounts; errors?: ServedEnterpriseError[] };
  return { id: f.id, filename: f.filename, sha256: f.sha256, uploadedAt: f.uploadedAt, counts: s.counts!, errors: s.errors ?? [] };
}

function reportExists(year: number): DomainProblem {
  return new DomainProblem(HttpStatus.CONFLICT, 'report-exists', { zh: `${year} 年度报告已报送`, en: `the ${year} report was already filed` }, ARTICLE);
}

function noReportOwed(): DomainProblem {
  return new DomainProblem(HttpStatus.CONFLICT, 'report-exists', { zh: '目前没有需要报送的年度报告：上一年度报告已报送', en: 'no report is owed now: the last year\'s report is filed' }, ARTICLE);
}
